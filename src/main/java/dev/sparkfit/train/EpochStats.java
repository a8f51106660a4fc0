package dev.sparkfit.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Metrics of one training epoch, and the network's diagnostics after it.
 *
 * @param epoch       1-based epoch number
 * @param values      metric name to value in a stable order (e.g. loss, val_loss, accuracy, val_accuracy);
 *                    NaN marks an unknown value, a null value is stored as NaN
 * @param seconds     wall-clock duration of the epoch
 * @param diagnostics columns named {@code dead_frac_l<k>}, {@code saturated_frac_l<k>} and
 *                    {@code grad_norm_l<k>} (layer k, 1-based); empty when diagnostics are off. Kept
 *                    apart from {@code values}, which are the metrics reported, compared and monitored.
 */
public record EpochStats(int epoch, Map<String, Double> values, double seconds, Map<String, Double> diagnostics) {

    /** Column name prefixes of diagnostics, each followed by a 1-based layer number. */
    public static final String DEAD_FRACTION = "dead_frac_l";
    public static final String SATURATED_FRACTION = "saturated_frac_l";
    public static final String GRADIENT_NORM = "grad_norm_l";
    private static final List<String> DIAGNOSTIC_PREFIXES = List.of(DEAD_FRACTION, SATURATED_FRACTION, GRADIENT_NORM);

    public EpochStats {
        values = copy(values, "values");
        diagnostics = copy(diagnostics, "diagnostics");
    }

    /** An epoch without diagnostics. */
    public EpochStats(int epoch, Map<String, Double> values, double seconds) {
        this(epoch, values, seconds, Map.of());
    }

    /** The value of {@code metric} (or diagnostic column), or NaN when absent. */
    public double value(String metric) {
        Double v = values.get(metric);
        if (v == null) {
            v = diagnostics.get(metric);
        }
        return v == null ? Double.NaN : v;
    }

    /** True for a diagnostics column name such as {@code dead_frac_l2}. */
    public static boolean isDiagnostic(String key) {
        for (String p : DIAGNOSTIC_PREFIXES) {
            if (key.startsWith(p) && key.length() > p.length() && key.substring(p.length()).chars().allMatch(Character::isDigit)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Double> copy(Map<String, Double> in, String what) {
        Objects.requireNonNull(in, what);
        LinkedHashMap<String, Double> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : in.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "metric name");
            copy.put(key, e.getValue() == null ? Double.NaN : e.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }
}
