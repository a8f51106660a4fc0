#!/usr/bin/python3
"""Checks a `sparkfit export --format keras-h5` file with h5py and numpy only (no Keras here).

1. The layout Keras 2 writes with model.save('m.h5'): root attributes keras_version, backend,
   model_config (a Sequential of an InputLayer and Dense layers) and training_config (with the loss);
   a model_weights group whose layer_names list the Dense layers, each a group whose weight_names
   list '<layer>/kernel:0' and '<layer>/bias:0', float32 datasets of the right shapes.
2. A forward pass in numpy from those weights, on the rows `sparkfit predict` wrote (its CSV output
   folder keeps the input columns), with the inputs built as the export summary documents them
   (column order, one-hot names 'column=value' and 'column=<unknown>', fill values for empty cells),
   equals predict's prediction / probability_<class> columns within the given tolerance.

Usage: check_keras_h5.py FILE.h5 SUMMARY.json PREDICT_OUTPUT_DIR [TOLERANCE]
Needs: apt-get install python3-h5py python3-numpy
"""
import csv
import glob
import json
import os
import sys

import h5py
import numpy as np

ACTIVATIONS = {
    "relu": lambda x: np.maximum(x, 0),
    "elu": lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))),
    "tanh": np.tanh,
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "softmax": lambda x: np.exp(x - x.max(axis=1, keepdims=True)) / np.exp(x - x.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True),
    "linear": lambda x: x,
}


def text(value):
    return value.decode("utf8") if hasattr(value, "decode") else str(value)


def check(condition, what):
    if not condition:
        raise SystemExit("FAIL: " + what)


def layers_and_weights(f):
    for key in ("keras_version", "backend", "model_config", "training_config"):
        check(key in f.attrs, "root attribute %s is missing" % key)
    version = text(f.attrs["keras_version"])
    check(version.startswith("2."), "keras_version %s is not Keras 2" % version)
    check(text(f.attrs["backend"]) == "tensorflow", "backend")
    config = json.loads(text(f.attrs["model_config"]))
    check(config["class_name"] == "Sequential", "model_config is a %s" % config["class_name"])
    layers = config["config"]["layers"]
    check(layers[0]["class_name"] == "InputLayer", "the first layer is an InputLayer")
    dense = layers[1:]
    check(len(dense) > 0 and all(l["class_name"] == "Dense" for l in dense), "every other layer is Dense")
    training = json.loads(text(f.attrs["training_config"]))
    check(training["loss"] in ("mean_squared_error", "mean_absolute_error", "categorical_crossentropy",
                               "binary_crossentropy"), "training_config loss %s" % training.get("loss"))
    check("class_name" in training["optimizer_config"], "training_config has an optimizer")
    weights = f["model_weights"]
    names = [text(n) for n in weights.attrs["layer_names"]]
    check(names == [l["config"]["name"] for l in dense], "layer_names %s" % names)
    check(text(weights.attrs["keras_version"]) == version, "model_weights keras_version")
    width = layers[0]["config"]["batch_input_shape"][1]
    net = []
    for layer in dense:
        c = layer["config"]
        g = weights[c["name"]]
        weight_names = [text(n) for n in g.attrs["weight_names"]]
        check(weight_names == [c["name"] + "/kernel:0", c["name"] + "/bias:0"], "weight_names %s" % weight_names)
        kernel, bias = np.asarray(g[weight_names[0]]), np.asarray(g[weight_names[1]])
        check(kernel.dtype == np.float32 and kernel.shape == (width, c["units"]), "kernel of %s" % c["name"])
        check(bias.dtype == np.float32 and bias.shape == (c["units"],), "bias of %s" % c["name"])
        net.append((kernel, bias, ACTIVATIONS[c["activation"]]))
        width = c["units"]
    return net


def inputs(rows, tensor):
    columns = tensor["columns"]
    fill = tensor.get("fill") or [None] * len(columns)
    x = np.zeros((len(rows), len(columns)), dtype=np.float32)
    for j, name in enumerate(columns):
        if name in rows[0]:  # a numeric column, as given; an empty cell takes its fill
            x[:, j] = [float(r[name]) if r[name] != "" else (np.nan if fill[j] is None else fill[j]) for r in rows]
            continue
        column, value = name.split("=", 1)
        known = {c.split("=", 1)[1] for c in columns if c.startswith(column + "=") and c != column + "=<unknown>"}
        hot = (lambda cell: cell not in known) if value == "<unknown>" else (lambda cell: cell == value)
        x[:, j] = [1.0 if hot(r[column]) else 0.0 for r in rows]
    return x


def main(h5_path, summary_path, predictions, tolerance=1e-5):
    summary = json.load(open(summary_path))
    with h5py.File(h5_path, "r") as f:
        net = layers_and_weights(f)
    rows = []
    for part in sorted(glob.glob(os.path.join(predictions, "part-*.csv"))):
        with open(part, newline="") as p:
            rows.extend(csv.DictReader(p))
    check(len(rows) > 0, "no predicted rows in " + predictions)
    h = inputs(rows, summary["inputs"][0])
    for kernel, bias, act in net:
        h = act(h @ kernel + bias)
    out = summary["outputs"][0]
    expected = np.array([[float(r["prediction"])] for r in rows]) if out["name"] == "prediction" else \
        np.array([[float(r["probability_" + c]) for c in out["columns"]] for r in rows])
    diff = np.abs(h - expected)
    worst = int(diff.max(axis=1).argmax())
    check(diff.max() <= tolerance, "row %d: numpy %s, sparkfit predict %s (max difference %g)"
          % (worst, h[worst], expected[worst], diff.max()))
    print("OK: %d rows, %d layers, max difference %.3g" % (len(rows), len(net), diff.max()))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], *(float(a) for a in sys.argv[4:]))
