package dev.sparkfit.config;

import java.util.List;
import java.util.Optional;

/**
 * The network: hidden dense layers (empty means a linear or logistic model), the output activation
 * (empty means chosen from the task), loss, weight initialisation, L2 penalty and dropout rate, and
 * optionally a saved model directory whose weights training starts from ({@code init_from}).
 */
public record ModelSpec(List<LayerSpec> hidden, Optional<Activation> outputActivation, LossName loss,
                        WeightInitName weightInit, double l2, double dropout, Optional<String> initFrom) {

    public ModelSpec {
        hidden = List.copyOf(Check.required("model.hidden", hidden));
        Check.required("model.output_activation", outputActivation);
        Check.required("model.loss", loss);
        Check.required("model.weight_init", weightInit);
        Check.atLeast("model.l2", l2, 0.0);
        Check.inRange("model.dropout", dropout, 0.0, 1.0, false);
        checkLossFitsOutput(loss, outputActivation);
        Check.required("model.init_from", initFrom).ifPresent(dir -> Check.nonBlank("model.init_from", dir));
    }

    /** A network whose weights are drawn at random (no {@code init_from}). */
    public ModelSpec(List<LayerSpec> hidden, Optional<Activation> outputActivation, LossName loss,
                     WeightInitName weightInit, double l2, double dropout) {
        this(hidden, outputActivation, loss, weightInit, l2, dropout, Optional.empty());
    }

    /** Cross-entropy losses need their matching output activation when one is given explicitly. */
    private static void checkLossFitsOutput(LossName loss, Optional<Activation> output) {
        Activation needed = switch (loss) {
            case CATEGORICAL_CROSSENTROPY -> Activation.SOFTMAX;
            case BINARY_CROSSENTROPY -> Activation.SIGMOID;
            default -> null;
        };
        if (needed != null && output.isPresent() && output.get() != needed) {
            throw new SpecException("model.output_activation: '" + output.get().key() + "' does not fit model.loss '"
                    + loss.key() + "' (use auto or " + needed.key() + ")");
        }
    }

    /** Two relu layers of 100 units, everything else auto, no regularisation. */
    public static ModelSpec defaults() {
        return new ModelSpec(List.of(LayerSpec.of(100), LayerSpec.of(100)), Optional.empty(),
                LossName.AUTO, WeightInitName.AUTO, 0.0, 0.0);
    }

    public ModelSpec withHidden(List<LayerSpec> newHidden) {
        return new ModelSpec(newHidden, outputActivation, loss, weightInit, l2, dropout, initFrom);
    }
}
