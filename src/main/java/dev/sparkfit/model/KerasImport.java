package dev.sparkfit.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.config.Activation;
import dev.sparkfit.config.LayerSpec;
import dev.sparkfit.config.LossName;
import dev.sparkfit.config.ModelSpec;
import dev.sparkfit.config.OptimizerSpec;
import dev.sparkfit.config.SpecException;
import dev.sparkfit.config.Task;
import dev.sparkfit.config.WeightInitName;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Keras 2 Sequential model of Dense layers from an HDF5 file ({@code model.save('m.h5')}) with
 * DL4J's {@link KerasModelImport}, and describes it in sparkfit's words: hidden layers, output
 * activation, loss, and each layer's kernel and bias. Anything else in the file (other layers, a
 * functional model, a Keras 3 file) is a {@link SpecException} naming the file and what is read.
 */
public final class KerasImport {

    static final String KERAS3 = "Keras 3 files are not read (DL4J reads Keras 1 and 2 HDF5);"
            + " save with Keras 2 or tf.keras < 2.16 as .h5";
    static final String ALLOWED = "import-keras reads Keras 2 Sequential models of Dense layers";

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Activation> ACTIVATIONS = Map.of("relu", Activation.RELU, "elu", Activation.ELU,
            "tanh", Activation.TANH, "sigmoid", Activation.SIGMOID, "softmax", Activation.SOFTMAX,
            "linear", Activation.IDENTITY);
    private static final Map<String, LossName> LOSSES = Map.ofEntries(
            Map.entry("mse", LossName.MSE), Map.entry("mean_squared_error", LossName.MSE),
            Map.entry("meansquarederror", LossName.MSE),
            Map.entry("mae", LossName.MAE), Map.entry("mean_absolute_error", LossName.MAE),
            Map.entry("meanabsoluteerror", LossName.MAE),
            Map.entry("categorical_crossentropy", LossName.CATEGORICAL_CROSSENTROPY),
            Map.entry("categoricalcrossentropy", LossName.CATEGORICAL_CROSSENTROPY),
            // sparkfit one-hot encodes class labels itself, so the sparse variant is the same network
            Map.entry("sparse_categorical_crossentropy", LossName.CATEGORICAL_CROSSENTROPY),
            Map.entry("sparsecategoricalcrossentropy", LossName.CATEGORICAL_CROSSENTROPY),
            Map.entry("binary_crossentropy", LossName.BINARY_CROSSENTROPY),
            Map.entry("binarycrossentropy", LossName.BINARY_CROSSENTROPY));

    private KerasImport() {
    }

    /**
     * A Keras Sequential model of Dense layers in sparkfit's words.
     *
     * @param loss    from the file's training configuration; for a model saved without {@code compile()},
     *                categorical_crossentropy with a softmax output and mse otherwise
     * @param kernels per layer, {@code kernel[i][j]} connects input {@code i} to unit {@code j}
     */
    public record KerasNetwork(String file, String kerasVersion, List<LayerSpec> hidden, Activation outputActivation,
                               LossName loss, int nIn, int nOut, List<double[][]> kernels, List<double[]> biases) {

        public KerasNetwork {
            hidden = List.copyOf(hidden);
            kernels = List.copyOf(kernels);
            biases = List.copyOf(biases);
        }

        public Task task() {
            return loss == LossName.CATEGORICAL_CROSSENTROPY || loss == LossName.BINARY_CROSSENTROPY
                    ? Task.CLASSIFICATION : Task.REGRESSION;
        }

        /** The network as a spec's model section; weights are set by {@link #network}. */
        public ModelSpec modelSpec() {
            return new ModelSpec(hidden, Optional.of(outputActivation), loss, WeightInitName.AUTO, 0.0, 0.0);
        }

        /** sparkfit's own network for this model (as {@code train} builds it) with the file's weights. */
        public MultiLayerNetwork network(OptimizerSpec optimizer, Head head) {
            MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.build(modelSpec(), optimizer, head, nIn, 0L));
            net.init();
            for (int l = 0; l < kernels.size(); l++) {
                FixedWeights.setLayer(net, l, kernels.get(l), biases.get(l));
            }
            return net;
        }

        /** "2 -> 2 relu -> 1 identity". */
        public String oneLine() {
            StringBuilder s = new StringBuilder().append(nIn);
            hidden.forEach(h -> s.append(" -> ").append(h.units()).append(' ').append(h.activation().key()));
            return s.append(" -> ").append(nOut).append(' ').append(outputActivation.key()).toString();
        }
    }

    /** Reads {@code file}; every refusal is a one-line {@link SpecException} that starts with the file name. */
    public static KerasNetwork read(Path file) {
        checkSignature(file);
        String version;
        JsonNode modelConfig;
        JsonNode trainingConfig = null;
        try (Hdf5Archive archive = new Hdf5Archive(file.toString())) {
            version = archive.hasAttribute("keras_version") ? archive.readAttributeAsString("keras_version").trim()
                    : "unknown";
            if (version.startsWith("3")) {
                throw new SpecException(file + ": keras_version " + version + ": " + KERAS3);
            }
            if (!archive.hasAttribute("model_config")) {
                throw new SpecException(file + ": no model_config attribute (a weights-only file?); " + ALLOWED
                        + ", saved whole with model.save('model.h5')");
            }
            modelConfig = json(file, archive.readAttributeAsJson("model_config"));
            if (archive.hasAttribute("training_config")) {
                trainingConfig = json(file, archive.readAttributeAsJson("training_config"));
            }
        } catch (SpecException e) {
            throw e;
        } catch (Exception e) {
            throw new SpecException(file + ": cannot be read as a Keras HDF5 file: " + firstLine(e));
        }
        List<JsonNode> dense = denseLayers(file, modelConfig);
        List<LayerSpec> hidden = new ArrayList<>();
        for (JsonNode layer : dense.subList(0, dense.size() - 1)) {
            hidden.add(new LayerSpec(layer.path("units").asInt(), activation(file, layer)));
        }
        JsonNode last = dense.get(dense.size() - 1);
        Activation output = activation(file, last);
        int nOut = last.path("units").asInt();
        LossName loss = loss(file, trainingConfig, output);
        checkHead(file, loss, output, nOut);

        MultiLayerNetwork imported = importWithDl4j(file);
        List<double[][]> kernels = new ArrayList<>();
        List<double[]> biases = new ArrayList<>();
        for (Layer layer : imported.getLayers()) {
            if (layer.getParam("W") == null) {
                continue;
            }
            INDArray w = layer.getParam("W");
            kernels.add(w.toDoubleMatrix());
            INDArray b = layer.getParam("b"); // absent with use_bias=False: zero biases do the same
            biases.add(b == null ? new double[(int) w.size(1)] : b.toDoubleVector());
        }
        if (kernels.size() != dense.size()) {
            throw new SpecException(file + ": DL4J found weights for " + kernels.size() + " layers, the model_config has "
                    + dense.size() + " Dense layers");
        }
        KerasNetwork net = new KerasNetwork(file.toString(), version, hidden, output, loss, kernels.get(0).length, nOut,
                kernels, biases);
        checkSameOutputs(net, imported);
        return net;
    }

    /** A Keras 3 .keras file is a zip; a Keras 2 file is HDF5 (whose signature is at offset 0 as Keras writes it). */
    private static void checkSignature(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SpecException("--h5: " + file + " does not exist" + (Files.exists(file) ? " as a file" : ""));
        }
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new SpecException("--h5: " + file + " cannot be read: " + e.getMessage());
        }
        if (n >= 4 && Arrays.equals(Arrays.copyOf(head, 4), ZIP_SIGNATURE)
                || file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".keras")) {
            throw new SpecException(file + ": " + KERAS3);
        }
        if (n < head.length || !Arrays.equals(head, HDF5_SIGNATURE)) {
            throw new SpecException(file + ": not an HDF5 file; " + ALLOWED + ", saved with model.save('model.h5')");
        }
    }

    /** The Dense layers' configs, after checking the model is Sequential and has no other layer. */
    private static List<JsonNode> denseLayers(Path file, JsonNode modelConfig) {
        String className = modelConfig.path("class_name").asText();
        if (!className.equals("Sequential")) {
            throw new SpecException(file + ": a Keras '" + className + "' model; " + ALLOWED);
        }
        JsonNode config = modelConfig.path("config");
        JsonNode layers = config.isArray() ? config : config.path("layers"); // Keras < 2.2.3 wrote a bare list
        List<JsonNode> dense = new ArrayList<>();
        for (JsonNode layer : layers) {
            String kind = layer.path("class_name").asText();
            JsonNode c = layer.path("config");
            if (kind.equals("InputLayer")) {
                continue;
            }
            if (!kind.equals("Dense")) {
                throw new SpecException(file + ": layer '" + c.path("name").asText() + "' is a " + kind + "; "
                        + ALLOWED + " (no other layer kinds)");
            }
            dense.add(c);
        }
        if (dense.isEmpty()) {
            throw new SpecException(file + ": the model has no Dense layer; " + ALLOWED);
        }
        return dense;
    }

    private static Activation activation(Path file, JsonNode dense) {
        String name = dense.path("activation").asText("linear");
        Activation a = ACTIVATIONS.get(name);
        if (a == null) {
            throw new SpecException(file + ": layer '" + dense.path("name").asText() + "': activation '" + name
                    + "' is not one of " + String.join(", ", ACTIVATIONS.keySet().stream().sorted().toList()));
        }
        return a;
    }

    /** The training configuration's loss: a name, or a loss object's class name (tf.keras). */
    private static LossName loss(Path file, JsonNode training, Activation output) {
        JsonNode loss = training == null ? null : training.get("loss");
        if (loss == null || loss.isNull()) {
            return output == Activation.SOFTMAX ? LossName.CATEGORICAL_CROSSENTROPY : LossName.MSE;
        }
        String name = loss.isObject() ? loss.path("class_name").asText() : loss.asText();
        LossName mapped = LOSSES.get(name.toLowerCase(Locale.ROOT));
        if (mapped == null) {
            throw new SpecException(file + ": loss '" + (loss.isValueNode() ? name : loss.toString())
                    + "' is not one of mean_squared_error, mean_absolute_error, categorical_crossentropy,"
                    + " sparse_categorical_crossentropy, binary_crossentropy");
        }
        return mapped;
    }

    /** The output end sparkfit trains and predicts with: one output for regression, softmax or one sigmoid for classes. */
    private static void checkHead(Path file, LossName loss, Activation output, int nOut) {
        String problem = switch (loss) {
            case CATEGORICAL_CROSSENTROPY -> output != Activation.SOFTMAX || nOut < 2
                    ? "needs a softmax output of at least 2 units" : null;
            case BINARY_CROSSENTROPY -> output != Activation.SIGMOID || nOut != 1
                    ? "needs a sigmoid output of 1 unit (several sigmoid units are multi-label, not read)" : null;
            default -> output == Activation.SOFTMAX || nOut != 1
                    ? "needs 1 output unit without softmax (sparkfit regression has one target)" : null;
        };
        if (problem != null) {
            throw new SpecException(file + ": loss " + loss.key() + " " + problem + "; the last Dense layer has "
                    + nOut + " " + output.key() + " unit" + (nOut == 1 ? "" : "s"));
        }
    }

    private static MultiLayerNetwork importWithDl4j(Path file) {
        try {
            // false: an unsupported training setting (a regularizer, an optimizer option) is a warning, not an
            // error; sparkfit takes only the layers and weights and trains with the spec's optimizer.
            return KerasModelImport.importKerasSequentialModelAndWeights(file.toString(), false);
        } catch (Exception e) {
            throw new SpecException(file + ": DL4J cannot import it: " + firstLine(e));
        }
    }

    /** Guards the mapping: sparkfit's network and DL4J's import give the same outputs on a few inputs. */
    private static void checkSameOutputs(KerasNetwork keras, MultiLayerNetwork imported) {
        int rows = 4;
        float[] x = new float[rows * keras.nIn()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(1.0 + i) * 2;
        }
        INDArray input = Nd4j.create(x, new long[] {rows, keras.nIn()}, 'c');
        List<String> classes = keras.task() == Task.REGRESSION ? List.of()
                : java.util.stream.IntStream.range(0, Math.max(2, keras.nOut())).mapToObj(String::valueOf).toList();
        Head head = NetworkFactory.resolveHead(keras.modelSpec(), keras.task(), classes);
        double[] ours = keras.network(OptimizerSpec.defaults(), head).output(input).ravel().toDoubleVector();
        double[] theirs = imported.output(input).ravel().toDoubleVector();
        for (int i = 0; i < ours.length; i++) {
            if (Math.abs(ours[i] - theirs[i]) > 1e-4 * (1 + Math.abs(theirs[i]))) {
                throw new IllegalStateException(keras.file() + ": sparkfit's network gives " + ours[i]
                        + " where DL4J's import gives " + theirs[i] + " (output " + i + ")");
            }
        }
    }

    private static JsonNode json(Path file, String text) {
        try {
            return JSON.readTree(text); // reads the first JSON value; DL4J's buffer may carry bytes after it
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SpecException(file + ": an attribute is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse("");
    }
}
