package dev.sparkfit.tuning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code sparkfit capacity} produced ({@code capacity.json}): the chosen hidden layers, the
 * metric that judged, why the search stopped and one {@link Step} per architecture tried.
 */
public record CapacityResult(List<Integer> chosen, String judgedBy, String stoppedBecause, List<Step> steps) {

    public CapacityResult {
        chosen = List.copyOf(chosen);
        steps = List.copyOf(steps);
    }

    /**
     * One architecture tried, judged on the shared split or by cross-validation.
     *
     * @param bestValLoss on the split the best epoch's val_loss; cross-validated the folds' mean
     * @param others      on the split the best epoch's other validation metrics, as {@code best_<name>};
     *                    cross-validated the folds' other means, as {@code mean_<name>}
     * @param bestEpoch   the best epoch on the split; null when cross-validated
     * @param cv          the step's {@code cv-summary.json} relative to the run; null on the split
     */
    public record Step(int step, List<Integer> hidden, long params, double bestValLoss, Map<String, Double> others,
                       Integer bestEpoch, String cv, double seconds) {

        public Step {
            hidden = List.copyOf(hidden);
            others = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(others));
        }

        /** The step's row of {@code capacity.json} and of the page's table. */
        public Map<String, Object> toJson() {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("step", step);
            row.put("hidden", hidden);
            row.put("params", params);
            row.put("best_val_loss", bestValLoss);
            row.putAll(others);
            if (bestEpoch != null) {
                row.put("best_epoch", bestEpoch);
            }
            if (cv != null) {
                row.put("cv", cv);
            }
            row.put("seconds", seconds);
            return row;
        }
    }

    /** The steps' rows, in the order tried. */
    public List<Map<String, Object>> rows() {
        return steps.stream().map(Step::toJson).toList();
    }

    /** {@code capacity.json}'s content, in its field order. */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("chosen", chosen);
        out.put("judged_by", judgedBy);
        out.put("stopped_because", stoppedBecause);
        out.put("steps", rows());
        return out;
    }
}
