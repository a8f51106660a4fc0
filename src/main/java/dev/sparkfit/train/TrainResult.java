package dev.sparkfit.train;

import dev.sparkfit.eval.EvalSums;
import dev.sparkfit.eval.MetricSet;

/**
 * What a training run produced: the final parameters and updater state (the best epoch's when
 * restore_best_weights applied), the per-epoch history, and how it ended.
 *
 * @param restoredBestWeights true when {@code params} are the best epoch's rather than the last one's
 * @param finalValidation validation sums for the returned parameters, or null without validation rows
 * @param metrics the metrics the run reported besides its loss
 */
public record TrainResult(float[] params, float[] updaterState, History history, int bestEpoch,
                          int epochsRun, boolean stoppedEarly, String stopReason,
                          boolean restoredBestWeights, EvalSums finalValidation, MetricSet metrics) {
}
