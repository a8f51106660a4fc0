package dev.sparkfit.train;

import dev.sparkfit.config.ScheduleSpec;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The optimizer's learning rate as {@code optimizer.schedule} shapes it, times the factor that
 * {@code reduce_lr_on_plateau} has reached: the {@code base} of {@link LearningRate}, which then applies
 * the worker-count scaling and its warm-up on top. A function of the iteration alone (epochs are
 * {@code iteration / batchesPerEpoch}), so a resumed run that restores the iteration and the plateau
 * factor gets the same rates.
 */
public record ScheduledRate(double rate, ScheduleSpec schedule, long batchesPerEpoch, double plateauFactor)
        implements ISchedule {

    @Override
    public double valueAt(int iteration, int epoch) {
        double perEpoch = Math.max(1, batchesPerEpoch);
        boolean warming = schedule.warmupEpochs() > 0 && iteration / perEpoch < schedule.warmupEpochs();
        // During the warm-up the step counts from 1, so that the first step does not have a zero rate.
        double epochs = (warming ? iteration + 1.0 : iteration) / perEpoch;
        return rate * schedule.factor(epochs) * plateauFactor;
    }

    /** The same schedule with the plateau factor {@code factor}. */
    public ScheduledRate withPlateauFactor(double factor) {
        return new ScheduledRate(rate, schedule, batchesPerEpoch, factor);
    }

    @Override
    public ISchedule clone() {
        return this; // immutable
    }
}
