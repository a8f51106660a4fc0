package dev.sparkfit.ml;

import dev.sparkfit.eval.Metrics;
import dev.sparkfit.model.Head;
import dev.sparkfit.train.TrainResult;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a training run ended, as {@code metrics.json} of {@code train}, of each cv fold and of a refit holds
 * it: the kept epoch's metrics ({@link TrainingSummary#finalMetrics}), per-class validation metrics for
 * more than two classes, how training ended, the row counts, workers and wall-clock seconds, and for a
 * regression with validation rows the mean predictor's validation MAE.
 *
 * @param valPerClass      per class, its validation metrics; null unless more than two classes were validated
 * @param baselineValMae   null unless set by {@link #withBaselineValMae}
 */
public record RunMetrics(Map<String, Double> finalMetrics, Map<String, Map<String, Double>> valPerClass,
                         int bestEpoch, int epochsRun, boolean stoppedEarly, boolean restoredBestWeights,
                         long trainRows, long valRows, long skippedRows, int workers, double seconds,
                         Double baselineValMae) {

    public RunMetrics {
        finalMetrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(finalMetrics));
    }

    /** The metrics of {@code r}, trained on {@code trainRows} and checked on {@code valRows}, started at {@code t0}. */
    public static RunMetrics of(TrainResult r, Head head, long trainRows, long valRows, int workers, long skippedRows,
                                long t0) {
        Map<String, Map<String, Double>> perClass = r.finalValidation() != null && head.classification()
                && head.classes().size() > 2 ? Metrics.perClass(r.finalValidation(), head) : null;
        return new RunMetrics(TrainingSummary.finalMetrics(r, head), perClass, r.bestEpoch(), r.epochsRun(),
                r.stoppedEarly(), r.restoredBestWeights(), trainRows, valRows, skippedRows, workers,
                Math.round((System.nanoTime() - t0) / 1e7) / 100.0, null);
    }

    public RunMetrics withBaselineValMae(Double mae) {
        return new RunMetrics(finalMetrics, valPerClass, bestEpoch, epochsRun, stoppedEarly, restoredBestWeights,
                trainRows, valRows, skippedRows, workers, seconds, mae);
    }

    /** {@code metrics.json}'s content, in its field order. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>(finalMetrics);
        if (valPerClass != null) {
            m.put("val_per_class", valPerClass); // the history has the macro means
        }
        m.put("best_epoch", bestEpoch);
        m.put("epochs_run", epochsRun);
        m.put("stopped_early", stoppedEarly);
        m.put("restored_best_weights", restoredBestWeights);
        m.put("train_rows", trainRows);
        m.put("val_rows", valRows);
        m.put("skipped_rows", skippedRows);
        m.put("workers", workers);
        m.put("seconds", seconds);
        if (baselineValMae != null) {
            m.put("baseline_val_mae", baselineValMae);
        }
        return m;
    }
}
