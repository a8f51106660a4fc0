package dev.sparkfit.train;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * The learning rate every worker's step uses, as a function of DL4J's iteration (minibatch steps per
 * worker so far) and epoch counters: the optimizer's own rate ({@code base}, a DL4J schedule) times
 * {@code scale} (the worker-count scaling), reached by a linear warm-up over the first {@code warmup}
 * iterations that starts at the unscaled rate (Goyal et al. 2017). Evaluated on the workers by the
 * fused step and by DL4J's {@code fit} alike (both ask the updater's schedule), and by the driver for
 * the history. {@code offset} is added to the iteration first: a worker whose optimizer state was reset
 * counts its steps from 0 for Adam's bias correction while the rate follows the run's iteration.
 * A learning-rate schedule or a reduction on plateau belongs in {@code base} or in a factor folded into it.
 */
public record LearningRate(ISchedule base, double scale, long warmup, long offset) implements ISchedule {

    /** The optimizer's rate as it is. */
    public static LearningRate of(ISchedule base) {
        return new LearningRate(base, 1.0, 0, 0);
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        long i = iteration + offset;
        double lr = base.valueAt((int) Math.min(Integer.MAX_VALUE, i), epoch);
        if (i >= warmup || scale == 1.0) {
            return scale == 1.0 ? lr : lr * scale;
        }
        return lr * (1.0 + (scale - 1.0) * (i + 1.0) / warmup);
    }

    /** The same rate, for workers whose iteration counter restarts at {@code runIteration}. */
    public LearningRate from(long runIteration) {
        return new LearningRate(base, scale, warmup, runIteration);
    }

    @Override
    public ISchedule clone() {
        return this; // immutable
    }
}
