package dev.sparkfit.artifact.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkfit.config.LossName;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;

import java.util.List;

/**
 * The JSON attributes of a Keras 2 HDF5 file, as tf.keras 2.x writes them: {@code model_config} (a
 * Sequential of an InputLayer and Dense layers) and {@code training_config} (loss and optimizer, so that
 * {@code load_model} compiles the model). Written ASCII-only, non-ASCII characters escaped, as Python's
 * {@code json.dumps} does.
 */
final class KerasJson {

    static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private KerasJson() {
    }

    static String write(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One Dense layer per entry of {@code names}, {@code units} and {@code activations}. */
    static ObjectNode modelConfig(String input, int nIn, List<String> names, List<Integer> units, List<String> activations) {
        ArrayNode layers = JSON.createArrayNode();
        ObjectNode in = layers.addObject().put("class_name", "InputLayer").putObject("config");
        in.putArray("batch_input_shape").addNull().add(nIn);
        in.put("dtype", "float32").put("sparse", false).put("ragged", false).put("name", input);
        for (int l = 0; l < names.size(); l++) {
            ObjectNode c = layers.addObject().put("class_name", "Dense").putObject("config");
            c.put("name", names.get(l)).put("trainable", true).put("dtype", "float32").put("units", units.get(l))
                    .put("activation", activations.get(l)).put("use_bias", true);
            c.putObject("kernel_initializer").put("class_name", "GlorotUniform").putObject("config").putNull("seed");
            c.putObject("bias_initializer").put("class_name", "Zeros").putObject("config");
            for (String none : List.of("kernel_regularizer", "bias_regularizer", "activity_regularizer",
                    "kernel_constraint", "bias_constraint")) {
                c.putNull(none);
            }
        }
        ObjectNode model = JSON.createObjectNode().put("class_name", "Sequential");
        model.putObject("config").put("name", "sequential").set("layers", layers);
        return model;
    }

    static ObjectNode trainingConfig(LossName loss, IUpdater updater) {
        ObjectNode t = JSON.createObjectNode().put("loss", switch (loss) {
            case MSE -> "mean_squared_error";
            case MAE -> "mean_absolute_error";
            case BINARY_CROSSENTROPY -> "binary_crossentropy";
            default -> "categorical_crossentropy";
        });
        t.putNull("metrics").putNull("weighted_metrics").putNull("loss_weights").putNull("sample_weight_mode");
        t.set("optimizer_config", optimizer(updater));
        return t;
    }

    /** DL4J's updater as the Keras optimizer sparkfit's spec names (see model.NetworkFactory.updater). */
    static ObjectNode optimizer(IUpdater u) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode c;
        if (u instanceof Adam a) {
            c = config(o, "Adam", a.getLearningRate()).put("beta_1", a.getBeta1()).put("beta_2", a.getBeta2())
                    .put("epsilon", a.getEpsilon()).put("amsgrad", false);
        } else if (u instanceof Nesterovs n) {
            c = config(o, "SGD", n.getLearningRate()).put("momentum", n.getMomentum()).put("nesterov", true);
        } else if (u instanceof RmsProp r) {
            c = config(o, "RMSprop", r.getLearningRate()).put("rho", r.getRmsDecay()).put("momentum", 0.0)
                    .put("epsilon", r.getEpsilon()).put("centered", false);
        } else if (u instanceof AdaGrad a) {
            c = config(o, "Adagrad", a.getLearningRate()).put("epsilon", a.getEpsilon());
        } else { // Sgd, or an updater sparkfit does not write: plain SGD at its learning rate
            c = config(o, "SGD", u == null ? 0.01 : u.getLearningRate(0, 0)).put("momentum", 0.0).put("nesterov", false);
        }
        return o;
    }

    private static ObjectNode config(ObjectNode optimizer, String name, double learningRate) {
        optimizer.put("class_name", name);
        return optimizer.putObject("config").put("name", name).put("learning_rate", learningRate);
    }
}
