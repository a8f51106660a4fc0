package dev.sparkfit.artifact;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Metrics of one training epoch.
 *
 * @param epoch   1-based epoch number
 * @param values  metric name to value in a stable order (e.g. loss, val_loss, accuracy, val_accuracy);
 *                NaN marks an unknown value, a null value is stored as NaN
 * @param seconds wall-clock duration of the epoch
 */
public record EpochStats(int epoch, Map<String, Double> values, double seconds) {

    public EpochStats {
        Objects.requireNonNull(values, "values");
        LinkedHashMap<String, Double> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "metric name");
            copy.put(key, e.getValue() == null ? Double.NaN : e.getValue());
        }
        values = Collections.unmodifiableMap(copy);
    }

    /** The value of {@code metric}, or NaN when absent. */
    public double value(String metric) {
        Double v = values.get(metric);
        return v == null ? Double.NaN : v;
    }
}
