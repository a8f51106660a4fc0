package dev.sparkfit.train;

import dev.sparkfit.eval.EvalSums;

import java.util.List;

/**
 * Everything a run needs to continue exactly where it stopped: the parameters, updater state and
 * outer optimizer's momentum, the DL4J iteration count (Adam's bias correction depends on it), the early-stopping state, the
 * history so far and the best epoch's parameters.
 *
 * @param epoch    epochs fully completed (scored, in the history)
 * @param round    averaging rounds of epoch {@code epoch + 1} already done (0 at an epoch boundary)
 * @param lossSum  with {@code seen}: the running loss of the partly done epoch (0 at a boundary)
 * @param running  the running training sums of the partly done epoch, or null (at a boundary, or an
 *                 engine that does not keep them)
 * @param weights  parameters, updater state and outer momentum where the run stands
 * @param best     parameters and updater state of the best epoch so far, or null before the first
 * @param bestVal  validation sums of the best epoch, null without validation rows
 * @param lastVal  validation sums of epoch {@code epoch}
 * @param stopReason why early stopping ended the run at epoch {@code epoch}, or null to go on
 * @param plateau  reduce_lr_on_plateau's state after epoch {@code epoch}, or null (older checkpoints)
 */
public record Checkpoint(int epoch, int round, long iteration, double lossSum, long seen, EvalSums running,
                         Weights weights, EarlyStopping.State stopping,
                         List<EpochStats> history, Weights best, EvalSums bestVal, EvalSums lastVal,
                         String stopReason, PlateauReduction.State plateau) {

    /** The directory name; names sort in the order checkpoints were committed. */
    String name() {
        return String.format(java.util.Locale.ROOT, "epoch-%05d-round-%05d", epoch, round);
    }
}
