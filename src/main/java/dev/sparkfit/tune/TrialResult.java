package dev.sparkfit.tune;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * How one trial ended, as {@code tune.json} lists it and {@code trials/trial-N/result.json} keeps it
 * for a resumed search.
 *
 * @param trial    1-based trial number (the order of proposals)
 * @param values   the searched keys and the values this trial tried
 * @param state    completed (trained to max_epochs or stopped by its own early stopping), stopped (by the
 *                 scheduler at a rung) or failed
 * @param reason   one line: why it stopped or failed; null when completed
 * @param epochs   epochs trained
 * @param bestEpoch the epoch with the best metric (1-based), 0 when none was trained
 * @param best     the best epoch's validation metrics under their own names (val_loss, val_accuracy, ...)
 * @param curve    the judged metric per epoch
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"trial", "values", "state", "reason", "epochs", "best_epoch", "best", "seconds", "curve"})
public record TrialResult(int trial, Map<String, JsonNode> values, State state, String reason, int epochs,
                          @JsonProperty("best_epoch") int bestEpoch, Map<String, Double> best, double seconds,
                          List<Double> curve) {

    /** How a trial ended. */
    public enum State {
        @JsonProperty("completed") COMPLETED,
        @JsonProperty("stopped") STOPPED,
        @JsonProperty("failed") FAILED
    }

    /** As tune.json lists it: the best epoch's validation metrics under their own names, beside the rest. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("trial", trial);
        m.put("values", values);
        m.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        if (reason != null) {
            m.put("reason", reason);
        }
        m.put("epochs", epochs);
        m.put("best_epoch", bestEpoch);
        if (best != null) {
            m.putAll(best);
        }
        m.put("seconds", seconds);
        m.put("curve", curve);
        return m;
    }

    /** The judged metric at the best epoch, NaN when there is none. */
    public double score(String metric) {
        Double v = best == null ? null : best.get(metric);
        return v == null ? Double.NaN : v;
    }

    /** The best value of the curve over the first {@code epochs} epochs. */
    public static double bestUpTo(List<Double> curve, int epochs, boolean minimize) {
        double best = Double.NaN;
        for (int i = 0; i < Math.min(epochs, curve.size()); i++) {
            double v = curve.get(i);
            if (Double.isFinite(v) && (Double.isNaN(best) || (minimize ? v < best : v > best))) {
                best = v;
            }
        }
        return best;
    }
}
