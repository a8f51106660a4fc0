package dev.sparkfit.eval;

import dev.sparkfit.config.MetricNames;
import dev.sparkfit.model.Head;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** The metrics a run reports besides its loss ({@code model.metrics} resolved for the task) and top-k's k. */
public record MetricSet(List<String> names, int topK) implements Serializable {

    public MetricSet {
        names = List.copyOf(names);
    }

    /** The task's defaults: accuracy, or mae and mse. */
    public static MetricSet defaults(Head head) {
        return new MetricSet(MetricNames.defaults(head.task()), 5);
    }

    /** Loss and these metrics of {@code s}, each name prefixed ("" for training rows, "val_" for validation rows). */
    public Map<String, Double> of(EvalSums s, Head head, String prefix) {
        return Metrics.of(s, head, prefix, names, topK);
    }
}
