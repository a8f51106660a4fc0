package dev.sparkfit.tuning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code sparkfit compare} produced ({@code compare.json}): the winning model, the metric that
 * judged (on the validation rows), the shared split's row counts and one {@link Model} per spec.
 */
public record CompareResult(String winner, String judgedBy, long trainRows, long valRows, List<Model> models) {

    public CompareResult {
        models = List.copyOf(models);
    }

    /**
     * One compared model at its best epoch.
     *
     * @param bestValMetrics the best epoch's other validation metrics (val_loss aside), by history name
     */
    public record Model(String model, String architecture, double bestValLoss, int bestEpoch,
                        Map<String, Double> bestValMetrics, int epochsRun, long params, double seconds) {

        public Model {
            bestValMetrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bestValMetrics));
        }

        /** The value of {@code best_<metric>} (e.g. best_val_auc), or NaN when the model has none. */
        public double best(String metric) {
            if (metric.equals("val_loss")) {
                return bestValLoss;
            }
            Double v = bestValMetrics.get(metric);
            return v == null ? Double.NaN : v;
        }

        /** The model's row of {@code compare.json} and of the page's table. */
        public Map<String, Object> toJson() {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", model);
            row.put("architecture", architecture);
            row.put("best_val_loss", bestValLoss);
            row.put("best_epoch", bestEpoch);
            bestValMetrics.forEach((k, v) -> row.put("best_" + k, v));
            row.put("epochs_run", epochsRun);
            row.put("params", params);
            row.put("seconds", seconds);
            return row;
        }
    }

    /** The models' rows, in the order compared. */
    public List<Map<String, Object>> rows() {
        return models.stream().map(Model::toJson).toList();
    }

    /** {@code compare.json}'s content, in its field order. */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("winner", winner);
        out.put("judged_by", judgedBy);
        out.put("train_rows", trainRows);
        out.put("val_rows", valRows);
        out.put("models", rows());
        return out;
    }
}
