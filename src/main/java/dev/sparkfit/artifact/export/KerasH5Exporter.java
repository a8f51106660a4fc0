package dev.sparkfit.artifact.export;

import dev.sparkfit.config.Activation;
import dev.sparkfit.config.SpecException;
import dev.sparkfit.data.FeatureRecipe;
import dev.sparkfit.model.Head;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code --format keras-h5}: the network as a Keras 2 Sequential model of Dense layers in the HDF5 layout
 * {@code model.save('m.h5')} writes, for {@code keras.models.load_model} and {@code sparkfit import-keras}.
 * The model takes the network's input vector before standardization: numeric cells as they are (not
 * rescaled), one-hot columns, in {@link ExportModel#featureNames()} order. Rescale and standardization
 * are folded into the first layer: with {@code z = a * v + c} per input ({@link FeatureRecipe#affine}),
 * {@code z W + b = v (diag(a) W) + (c W + b)}, so its kernel rows are multiplied by {@code a} and
 * {@code c W} is added to its bias. An empty cell's fill cannot be folded (NaN times a weight is NaN):
 * inputs must be complete; the fill values are in the summary and in the file's {@value #SPARKFIT} attribute.
 */
public final class KerasH5Exporter implements ModelExporter {

    public static final String FORMAT = "keras-h5";
    /** The tf.keras release whose layout is written (the newest that sparkfit's import-keras is tested with). */
    public static final String KERAS_VERSION = "2.11.0";
    static final String BACKEND = "tensorflow";
    static final String INPUT = "features";
    static final String SPARKFIT = "sparkfit_export";
    private static final Map<Activation, String> ACTIVATIONS = Map.of(Activation.RELU, "relu", Activation.ELU, "elu",
            Activation.TANH, "tanh", Activation.SIGMOID, "sigmoid", Activation.SOFTMAX, "softmax",
            Activation.IDENTITY, "linear");

    @Override
    public void check(DenseStack network) {
        for (int l = 0; l < network.layers().size(); l++) {
            DenseStack.Dense d = network.layers().get(l);
            String keras = ACTIVATIONS.get(d.activation());
            if (keras == null || (d.activation() == Activation.ELU && d.alpha() != 1.0)) {
                throw new SpecException("--format " + FORMAT + ": layer " + l + " (" + d.nOut() + " units) has activation '"
                        + d.activation().key() + "', which a Keras 2 Dense layer lacks (" + FORMAT + " writes relu, elu,"
                        + " tanh, sigmoid, softmax, identity); export with --format onnx, or retrain with one of those");
            }
        }
    }

    @Override
    public ExportSummary write(ExportModel model, Path file) throws IOException {
        DenseStack net = model.network();
        check(net);
        List<String> names = new ArrayList<>();
        for (int l = 0; l < net.layers().size(); l++) {
            names.add(l < net.layers().size() - 1 ? (l == 0 ? "dense" : "dense_" + l) : output(model.head()));
        }
        List<DenseStack.Dense> layers = new ArrayList<>(net.layers());
        layers.set(0, fold(layers.get(0), model.inputs().affine()));
        String config = KerasJson.write(KerasJson.modelConfig(INPUT, net.nIn(), names,
                layers.stream().map(DenseStack.Dense::nOut).toList(),
                layers.stream().map(d -> ACTIVATIONS.get(d.activation())).toList()));
        String training = KerasJson.write(KerasJson.trainingConfig(model.head().loss(), model.updater()));
        ExportSummary summary = new ExportSummary(FORMAT, null, null, null, null, KERAS_VERSION,
                List.of(input(model)), List.of(outputTensor(model.head())));
        try (Hdf5Writer h5 = new Hdf5Writer()) {
            long root = h5.root();
            h5.attribute(root, "keras_version", KERAS_VERSION);
            h5.attribute(root, "backend", BACKEND);
            h5.attribute(root, "model_config", config);
            h5.attribute(root, "training_config", training);
            h5.attribute(root, SPARKFIT, KerasJson.write(KerasJson.JSON.valueToTree(summary)));
            long weights = h5.group(root, "model_weights");
            h5.attribute(weights, "layer_names", names);
            h5.attribute(weights, "backend", BACKEND);
            h5.attribute(weights, "keras_version", KERAS_VERSION);
            for (int l = 0; l < layers.size(); l++) {
                String n = names.get(l);
                DenseStack.Dense d = layers.get(l);
                long g = h5.group(weights, n);
                h5.attribute(g, "weight_names", List.of(n + "/kernel:0", n + "/bias:0"));
                long inner = h5.group(g, n);
                float[] kernel = new float[d.nIn() * d.nOut()];
                for (int i = 0; i < d.nIn(); i++) {
                    System.arraycopy(d.kernel()[i], 0, kernel, i * d.nOut(), d.nOut());
                }
                h5.dataset(inner, "kernel:0", kernel, d.nIn(), d.nOut());
                h5.dataset(inner, "bias:0", d.bias(), d.nOut());
            }
            Files.write(file, h5.image(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        return summary;
    }

    /** {@code diag(a) W} and {@code c W + b}, summed in double and rounded once to float. */
    static DenseStack.Dense fold(DenseStack.Dense d, double[][] affine) {
        double[] a = affine[0];
        double[] c = affine[1];
        float[][] kernel = new float[d.nIn()][d.nOut()];
        float[] bias = new float[d.nOut()];
        for (int j = 0; j < d.nOut(); j++) {
            double b = d.bias()[j];
            for (int i = 0; i < d.nIn(); i++) {
                b += c[i] * d.kernel()[i][j];
                kernel[i][j] = (float) (a[i] * d.kernel()[i][j]);
            }
            bias[j] = (float) b;
        }
        return new DenseStack.Dense(kernel, bias, d.activation(), d.alpha());
    }

    private static String output(Head head) {
        return head.classification() ? OnnxExporter.PROBABILITIES : OnnxExporter.PREDICTION;
    }

    private static ExportSummary.Tensor input(ExportModel model) {
        FeatureRecipe r = model.inputs();
        List<Double> fill = new ArrayList<>(java.util.Collections.nCopies(r.width(), (Double) null));
        for (int i = 0; i < r.numeric().size(); i++) {
            fill.set(r.vectorWidth() + i, Double.isNaN(r.fill()[i]) ? null : r.fill()[i]);
        }
        boolean anyFill = fill.stream().anyMatch(java.util.Objects::nonNull);
        return new ExportSummary.Tensor(INPUT, "float", Arrays.asList(null, (long) r.width()), model.featureNames(),
                anyFill ? fill : null);
    }

    private static ExportSummary.Tensor outputTensor(Head head) {
        List<String> columns = !head.classification() ? null
                : head.singleSigmoid() ? List.of(head.classes().get(1)) : head.classes();
        return new ExportSummary.Tensor(output(head), "float", Arrays.asList(null, (long) head.nOut()), columns, null);
    }
}
