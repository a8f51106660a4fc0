package dev.sparkfit.artifact.export;

import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;
import org.nd4j.shade.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds an ONNX graph with the protobuf classes ND4J ships ({@code onnx.Onnx}, on protobuf-java
 * shaded as {@code org.nd4j.shade.protobuf}): constants as initializers, nodes in topological order,
 * typed inputs and outputs with a symbolic batch dimension {@value #BATCH}.
 */
final class OnnxGraph {

    static final String BATCH = "N";
    static final String ML_DOMAIN = "ai.onnx.ml";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int nodes;

    OnnxGraph(String name) {
        graph.setName(name);
    }

    GraphProto build() {
        return graph.build();
    }

    /** A constant tensor; numbers are stored little-endian in raw_data, as ONNX specifies. */
    String constant(String name, float[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return constant(name, TensorProto.DataType.FLOAT, b, dims);
    }

    String constant(String name, double[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        return constant(name, TensorProto.DataType.DOUBLE, b, dims);
    }

    String constant(String name, long[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return constant(name, TensorProto.DataType.INT64, b, dims);
    }

    String strings(String name, List<String> values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.STRING);
        for (long d : dims) {
            t.addDims(d);
        }
        values.forEach(v -> t.addStringData(ByteString.copyFrom(v, StandardCharsets.UTF_8)));
        graph.addInitializer(t);
        return name;
    }

    private String constant(String name, TensorProto.DataType type, ByteBuffer bytes, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type)
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds a node of the default domain; returns its (single) output's name. */
    String node(String op, String output, List<String> inputs, AttributeProto... attributes) {
        return node("", op, output, inputs, attributes);
    }

    String node(String domain, String op, String output, List<String> inputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(op + "_" + nodes++).setDomain(domain)
                .addAllInput(inputs).addOutput(output);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return output;
    }

    /**
     * The ND4J classes are proto3, which never writes a zero scalar: a zero attribute would read as absent,
     * that is as the operator's default. Leave out an attribute whose value is its default instead.
     */
    static AttributeProto attr(String name, long value) {
        requireNonZero(name, value);
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto attr(String name, float value) {
        requireNonZero(name, value);
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    private static void requireNonZero(String name, double value) {
        if (value == 0) {
            throw new IllegalArgumentException("attribute " + name + " = 0 would not be written (proto3)");
        }
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto strings(String name, List<String> values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.STRINGS);
        values.forEach(v -> a.addStrings(ByteString.copyFrom(v, StandardCharsets.UTF_8)));
        return a.build();
    }

    /** A graph input; a null dimension is the batch. */
    void input(String name, TensorProto.DataType type, String doc, Long... dims) {
        graph.addInput(valueInfo(name, type, doc, dims));
    }

    void output(String name, TensorProto.DataType type, String doc, Long... dims) {
        graph.addOutput(valueInfo(name, type, doc, dims));
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, String doc, Long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Long d : dims) {
            shape.addDim(d == null ? TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setDocString(doc).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape))).build();
    }
}
