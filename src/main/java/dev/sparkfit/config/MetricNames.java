package dev.sparkfit.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The metrics {@code model.metrics} may name, in Keras' words, which task each fits, the default set of
 * a task, and which way each improves (Keras' EarlyStopping mode auto).
 */
public final class MetricNames {

    /** Classification metrics: accuracy, ROC and precision-recall AUC, precision, recall, F1, top-k accuracy. */
    public static final List<String> CLASSIFICATION =
            List.of("accuracy", "auc", "pr_auc", "precision", "recall", "f1", "top_k_accuracy");
    /** Regression metrics: mean absolute, squared and percentage errors, their root, and R². */
    public static final List<String> REGRESSION = List.of("mae", "mse", "rmse", "r2", "mape");
    /** Metrics that improve upwards (mode auto: max); losses and errors improve downwards. */
    private static final List<String> HIGHER_IS_BETTER =
            List.of("accuracy", "auc", "pr_auc", "precision", "recall", "f1", "top_k_accuracy", "r2");

    private MetricNames() {
    }

    /** Every metric name. */
    public static List<String> all() {
        List<String> all = new ArrayList<>(CLASSIFICATION);
        all.addAll(REGRESSION);
        return all;
    }

    /** What a run reports when {@code model.metrics} is not given: accuracy, or mae and mse (as before the key existed). */
    public static List<String> defaults(Task task) {
        return task == Task.CLASSIFICATION ? List.of("accuracy") : List.of("mae", "mse");
    }

    /**
     * True when larger values of {@code monitor} (a metric name, with or without {@code val_}, with or
     * without {@code weighted_}) are better.
     */
    public static boolean higherIsBetter(String monitor) {
        String m = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
        return HIGHER_IS_BETTER.contains(m.startsWith("weighted_") ? m.substring(9) : m);
    }

    /**
     * The name a weighted metric is reported under, as Keras 2 names it ({@code MetricsContainer.
     * _set_metric_names}): {@code weighted_<name>} when the same metric is also reported unweighted
     * ({@code metrics}, the run's resolved unweighted list), else plain {@code <name>}.
     */
    public static String weightedName(String name, List<String> metrics) {
        return metrics.contains(name) ? "weighted_" + name : name;
    }

    /** True when {@code name} fits {@code task} (loss fits both). */
    public static boolean fits(String name, Task task) {
        return name.equals("loss") || (task == Task.CLASSIFICATION ? CLASSIFICATION : REGRESSION).contains(name);
    }

    /** {@code model.metrics[i]}: the name, or a spec error with did-you-mean and the known names. */
    static String check(String key, String name) {
        String n = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        if (!all().contains(n)) {
            String hint = Suggest.closest(n, all()).map(s -> "did you mean '" + s + "'? ").orElse("");
            throw new SpecException(key + ": unknown metric '" + name + "' (" + hint + "known: "
                    + String.join(", ", all()) + ")");
        }
        return n;
    }
}
