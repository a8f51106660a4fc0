package dev.sparkfit.artifact.export;

import dev.sparkfit.model.Head;
import onnx.Onnx.ModelProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto.DataType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.sparkfit.artifact.export.OnnxGraph.attr;

/**
 * {@code --format onnx}: one ONNX graph from the raw input columns to the outputs. Inputs (see
 * {@link OnnxPreprocessing}): {@code vector} (libsvm), {@code numeric} (double, NaN for an empty cell)
 * and {@code categorical} (string), each present only when the model has such columns. The network is
 * Gemm + activation per layer in float. Outputs: {@code prediction} (float [N]) for regression;
 * {@code probabilities} (float [N, classes], in class order; [1 - p, p] for one sigmoid unit) and
 * {@code label} (string [N], the first most probable class, as {@code sparkfit predict} picks it) for
 * classification. Opset 13 (onnxruntime 1.6 and later), ai.onnx.ml 2 for the LabelEncoder.
 */
public final class OnnxExporter implements ModelExporter {

    public static final String FORMAT = "onnx";
    static final int IR_VERSION = 7;
    static final int OPSET = 13;
    static final int ML_OPSET = 2;
    static final String PREDICTION = "prediction";
    static final String PROBABILITIES = "probabilities";
    static final String LABEL = "label";

    @Override
    public void check(DenseStack network) {
        // every layer and activation DenseStack admits has an ONNX operator
    }

    @Override
    public ExportSummary write(ExportModel model, Path file) throws IOException {
        OnnxGraph g = new OnnxGraph("sparkfit");
        List<ExportSummary.Tensor> inputs = new ArrayList<>();
        String x = OnnxPreprocessing.add(g, model.inputs(), inputs);
        String y = network(g, model.network(), x, model.head());
        List<ExportSummary.Tensor> outputs = outputs(g, model.head(), y);
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("sparkfit")
                .setDocString("sparkfit model: raw input columns in, predictions out")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g.build());
        boolean ml = !model.inputs().categorical().isEmpty();
        if (ml) {
            m.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(OnnxGraph.ML_DOMAIN).setVersion(ML_OPSET));
        }
        m.addMetadataProps(prop("sparkfit.task", model.head().task().key()));
        m.addMetadataProps(prop("sparkfit.features", String.join(",", model.featureNames())));
        if (model.head().classification()) {
            m.addMetadataProps(prop("sparkfit.classes", String.join(",", model.head().classes())));
        }
        Files.write(file, m.build().toByteArray(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new ExportSummary(FORMAT, null, null, OPSET, ml ? ML_OPSET : null, null, inputs, outputs);
    }

    private static StringStringEntryProto prop(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    /** Gemm and activation per layer; the last layer's output is named for what it is. */
    private static String network(OnnxGraph g, DenseStack net, String x, Head head) {
        String h = x;
        for (int l = 0; l < net.layers().size(); l++) {
            DenseStack.Dense d = net.layers().get(l);
            float[] w = new float[d.nIn() * d.nOut()];
            for (int i = 0; i < d.nIn(); i++) {
                System.arraycopy(d.kernel()[i], 0, w, i * d.nOut(), d.nOut());
            }
            boolean last = l == net.layers().size() - 1;
            String out = last && head.classification() && !head.singleSigmoid() ? PROBABILITIES : "dense_" + l;
            String pre = d.activation() == dev.sparkfit.config.Activation.IDENTITY ? out : out + "_linear";
            h = g.node("Gemm", pre, List.of(h, g.constant("dense_" + l + "_kernel", w, d.nIn(), d.nOut()),
                    g.constant("dense_" + l + "_bias", d.bias(), d.nOut())));
            h = switch (d.activation()) {
                case RELU -> g.node("Relu", out, List.of(h));
                // with alpha 0 both are relu (and a zero alpha attribute would read as the default)
                case LEAKYRELU -> d.alpha() == 0 ? g.node("Relu", out, List.of(h))
                        : g.node("LeakyRelu", out, List.of(h), attr("alpha", (float) d.alpha()));
                case ELU -> d.alpha() == 0 ? g.node("Relu", out, List.of(h))
                        : g.node("Elu", out, List.of(h), attr("alpha", (float) d.alpha()));
                case TANH -> g.node("Tanh", out, List.of(h));
                case SIGMOID -> g.node("Sigmoid", out, List.of(h));
                case SOFTMAX -> g.node("Softmax", out, List.of(h), attr("axis", 1L));
                case IDENTITY -> h;
            };
        }
        return h;
    }

    private static List<ExportSummary.Tensor> outputs(OnnxGraph g, Head head, String y) {
        if (!head.classification()) {
            g.node("Reshape", PREDICTION, List.of(y, g.constant("flat", new long[] {-1}, 1)));
            g.output(PREDICTION, DataType.FLOAT, "the predicted value", (Long) null);
            return List.of(new ExportSummary.Tensor(PREDICTION, "float", Arrays.asList((Long) null), null, null));
        }
        String index;
        if (head.singleSigmoid()) { // y = P(second class): probabilities [1 - y, y], label by y >= 0.5 as sparkfit
            String q = g.node("Sub", "first_class", List.of(g.constant("one", new float[] {1f}, 1), y));
            g.node("Concat", PROBABILITIES, List.of(q, y), attr("axis", 1L));
            String ge = g.node("GreaterOrEqual", "second_class", List.of(y, g.constant("half", new float[] {0.5f}, 1)));
            String i = g.node("Cast", "class_column", List.of(ge), attr("to", (long) DataType.INT64_VALUE));
            index = g.node("Reshape", "class_index", List.of(i, g.constant("flat", new long[] {-1}, 1)));
        } else { // ArgMax keeps the first maximum, as sparkfit's predictedClass does; [N, 1] (keepdims 1)
            String i = g.node("ArgMax", "class_column", List.of(y), attr("axis", 1L));
            index = g.node("Reshape", "class_index", List.of(i, g.constant("flat", new long[] {-1}, 1)));
        }
        int k = head.classes().size();
        g.node("Gather", LABEL, List.of(g.strings("classes", head.classes(), k), index)); // axis 0
        g.output(PROBABILITIES, DataType.FLOAT, "one column per class: " + String.join(", ", head.classes()),
                null, (long) k);
        g.output(LABEL, DataType.STRING, "the predicted class", (Long) null);
        return List.of(new ExportSummary.Tensor(PROBABILITIES, "float", Arrays.asList(null, (long) k), head.classes(), null),
                new ExportSummary.Tensor(LABEL, "string", Arrays.asList((Long) null), null, null));
    }
}
