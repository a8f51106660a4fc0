package dev.sparkfit.config;

import java.util.List;
import java.util.Optional;

/**
 * The network: hidden dense layers (empty means a linear or logistic model), the output activation
 * (empty means chosen from the task), loss, weight initialisation, L2 penalty and dropout rate, and
 * optionally a saved model directory whose weights training starts from ({@code init_from}), and the
 * metrics reported besides the loss ({@code metrics}, Keras names; empty: accuracy, or mae and mse) with
 * the k of {@code top_k_accuracy}, and the metrics reported weighted by each row's weight
 * ({@code weighted_metrics}, Keras' {@code compile(weighted_metrics=...)}: class weight times sample weight
 * on training rows, sample weight on validation rows; see {@link MetricNames#weightedName}).
 */
public record ModelSpec(List<LayerSpec> hidden, Optional<Activation> outputActivation, LossName loss,
                        WeightInitName weightInit, double l2, double dropout, Optional<String> initFrom,
                        List<String> metrics, int topK, List<String> weightedMetrics) {

    /** Keras' TopKCategoricalAccuracy default k. */
    public static final int TOP_K_DEFAULT = 5;

    public ModelSpec {
        hidden = List.copyOf(Check.required("model.hidden", hidden));
        Check.required("model.output_activation", outputActivation);
        Check.required("model.loss", loss);
        Check.required("model.weight_init", weightInit);
        Check.atLeast("model.l2", l2, 0.0);
        Check.inRange("model.dropout", dropout, 0.0, 1.0, false);
        checkLossFitsOutput(loss, outputActivation);
        Check.required("model.init_from", initFrom).ifPresent(dir -> Check.nonBlank("model.init_from", dir));
        metrics = names("model.metrics", metrics);
        weightedMetrics = names("model.weighted_metrics", weightedMetrics);
        Check.atLeast("model.top_k", topK, 1);
    }

    /** Without weighted metrics. */
    public ModelSpec(List<LayerSpec> hidden, Optional<Activation> outputActivation, LossName loss,
                     WeightInitName weightInit, double l2, double dropout, Optional<String> initFrom,
                     List<String> metrics, int topK) {
        this(hidden, outputActivation, loss, weightInit, l2, dropout, initFrom, metrics, topK, List.of());
    }

    /** Each name checked (did-you-mean on a typo), lower case, duplicates dropped, in the given order. */
    private static List<String> names(String key, List<String> given) {
        List<String> names = new java.util.ArrayList<>();
        Check.required(key, given);
        for (int i = 0; i < given.size(); i++) {
            String name = MetricNames.check(key + "[" + i + "]", given.get(i));
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    /** With the task's default metrics. */
    public ModelSpec(List<LayerSpec> hidden, Optional<Activation> outputActivation, LossName loss,
                     WeightInitName weightInit, double l2, double dropout, Optional<String> initFrom) {
        this(hidden, outputActivation, loss, weightInit, l2, dropout, initFrom, List.of(), TOP_K_DEFAULT);
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
        return new ModelSpec(newHidden, outputActivation, loss, weightInit, l2, dropout, initFrom, metrics, topK,
                weightedMetrics);
    }

    /** The metrics a run of {@code task} reports besides its loss: {@code model.metrics}, or the task's defaults. */
    public List<String> metricsFor(Task task) {
        return metrics.isEmpty() ? MetricNames.defaults(task) : metrics;
    }

    /**
     * Every metric name a run of {@code task} reports besides its loss: {@link #metricsFor} and then the
     * weighted metrics under their reported names ({@link MetricNames#weightedName}).
     */
    public List<String> reportedFor(Task task) {
        List<String> all = new java.util.ArrayList<>(metricsFor(task));
        weightedMetrics.forEach(w -> all.add(MetricNames.weightedName(w, metricsFor(task))));
        return all;
    }
}
