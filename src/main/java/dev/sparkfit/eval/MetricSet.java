package dev.sparkfit.eval;

import dev.sparkfit.config.MetricNames;
import dev.sparkfit.config.ModelSpec;
import dev.sparkfit.config.Task;
import dev.sparkfit.model.Head;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The metrics a run reports besides its loss ({@code model.metrics} resolved for the task), top-k's k,
 * and the metrics it also reports weighted ({@code model.weighted_metrics}, named as
 * {@link MetricNames#weightedName} says).
 */
public record MetricSet(List<String> names, int topK, List<String> weighted) implements Serializable {

    public MetricSet {
        names = List.copyOf(names);
        weighted = List.copyOf(weighted);
    }

    /** Without weighted metrics. */
    public MetricSet(List<String> names, int topK) {
        this(names, topK, List.of());
    }

    /** The metrics {@code model} asks for on a run of {@code task}. */
    public static MetricSet of(ModelSpec model, Task task) {
        return new MetricSet(model.metricsFor(task), model.topK(), model.weightedMetrics());
    }

    /** The task's defaults: accuracy, or mae and mse. */
    public static MetricSet defaults(Head head) {
        return new MetricSet(MetricNames.defaults(head.task()), 5);
    }

    /** True when the run reports weighted metrics, so that scoring keeps weighted sums. */
    public boolean anyWeighted() {
        return !weighted.isEmpty();
    }

    /**
     * Loss and these metrics of {@code s}, each name prefixed ("" for training rows, "val_" for validation
     * rows), then the weighted metrics from {@code s.weighted()} (NaN when those sums are missing).
     */
    public Map<String, Double> of(EvalSums s, Head head, String prefix) {
        Map<String, Double> m = Metrics.of(s, head, prefix, names, topK);
        for (String name : weighted) {
            m.put(prefix + MetricNames.weightedName(name, names),
                    s.weighted() == null ? Double.NaN : Metrics.value(s.weighted(), head, name, topK));
        }
        return m;
    }
}
