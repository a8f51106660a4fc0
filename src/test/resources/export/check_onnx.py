#!/usr/bin/python3
"""Checks a `sparkfit export --format onnx` file with the onnx package's own checker (full check, with
shape inference), and that every node attribute carries its value (a proto3 writer drops zeros).

Usage: check_onnx.py FILE.onnx
Needs: apt-get install python3-onnx
"""
import sys

import onnx
from onnx import AttributeProto

FIELDS = {AttributeProto.INT: "i", AttributeProto.FLOAT: "f", AttributeProto.STRING: "s", AttributeProto.TENSOR: "t"}


def main(path):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    for node in model.graph.node:
        for attr in node.attribute:
            field = FIELDS.get(attr.type)
            if field is not None and not attr.HasField(field):
                raise SystemExit("FAIL: %s %s: attribute %s has no value" % (node.op_type, node.name, attr.name))
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    print("OK: ir_version %d, opsets %s, %d nodes, outputs %s" % (
        model.ir_version, {o.domain or "ai.onnx": o.version for o in model.opset_import}, len(model.graph.node),
        [o.name for o in inferred.graph.output]))


if __name__ == "__main__":
    main(sys.argv[1])
