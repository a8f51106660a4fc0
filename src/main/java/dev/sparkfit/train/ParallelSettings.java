package dev.sparkfit.train;

import dev.sparkfit.config.Engine;
import dev.sparkfit.config.LrScaling;
import dev.sparkfit.config.OptimizerState;
import dev.sparkfit.config.OuterOptimizerName;
import dev.sparkfit.config.OuterOptimizerSpec;
import dev.sparkfit.config.TrainingSpec;

import java.util.Locale;

/**
 * What depends on the number of workers K, with the spec's {@code auto} values resolved for K:
 * minibatches between averaging rounds (0 = once per epoch), the driver's outer step, the workers'
 * learning-rate factor, its warm-up in epochs, and what each round does with the optimizer state.
 */
public record ParallelSettings(int workers, int averagingEvery, OuterStep outer, LrScaling scaling,
                               double warmupEpochs, OptimizerState state) {

    /** {@code averaging: auto} averages this many times per epoch (measured: docs/BENCHMARKS.md). */
    static final int ROUNDS_PER_EPOCH = 8;
    /** {@code warmup_epochs: auto} with a scaled learning rate (measured: 1 epoch fell short at 64 workers). */
    static final double WARMUP_EPOCHS = 2.0;

    /**
     * The settings for {@code workers} workers whose largest share is {@code batchesPerEpoch} minibatches:
     * the spec's where it gives them; otherwise, with more than one worker, averaging about
     * {@value #ROUNDS_PER_EPOCH} times per epoch, the learning rate scaled linearly with the workers
     * after a warm-up of {@value #WARMUP_EPOCHS} epochs, and no outer step (with Adam's averaged moments
     * it did not beat plain averaging in any setting measured); with one worker, as a single model trains.
     * DL4J's master ({@code dl4j-paramavg}) averages once per epoch, plainly.
     */
    public static ParallelSettings resolve(TrainingSpec spec, int workers, int batchesPerEpoch) {
        boolean dl4jMaster = spec.engine() == Engine.DL4J_PARAMAVG;
        boolean several = workers > 1 && !dl4jMaster;
        int every = spec.averagingEvery() != TrainingSpec.AVERAGING_AUTO ? spec.averagingEvery()
                : several ? Math.max(1, (batchesPerEpoch + ROUNDS_PER_EPOCH - 1) / ROUNDS_PER_EPOCH) : 0;
        OuterOptimizerSpec o = spec.outerOptimizer();
        OuterOptimizerName name = o.name() != OuterOptimizerName.AUTO ? o.name() : OuterOptimizerName.NONE;
        double lr = !Double.isNaN(o.learningRate()) ? o.learningRate() : 1.0;
        double momentum = !Double.isNaN(o.momentum()) ? o.momentum() : 0.0;
        OuterStep outer = name == OuterOptimizerName.NONE || dl4jMaster ? OuterStep.none()
                : new OuterStep(name, lr, momentum);
        LrScaling scaling = spec.learningRateScaling() != LrScaling.AUTO ? spec.learningRateScaling()
                : several ? LrScaling.LINEAR : LrScaling.NONE;
        double warmup = !Double.isNaN(spec.warmupEpochs()) ? spec.warmupEpochs()
                : scaling != LrScaling.NONE ? WARMUP_EPOCHS : 0.0;
        return new ParallelSettings(workers, every, outer, dl4jMaster ? LrScaling.NONE : scaling,
                dl4jMaster ? 0.0 : warmup, spec.optimizerState());
    }

    /** The workers' learning-rate factor. */
    public double lrFactor() {
        return scaling.factor(workers);
    }

    /** One console line: how K workers train, e.g. for a user who left everything on auto. */
    public String describe(double learningRate) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d workers: averaging %s; outer optimizer %s",
                workers, averagingEvery == 0 ? "once per epoch" : "every " + averagingEvery + " minibatches",
                outer.describe()));
        if (scaling != LrScaling.NONE) {
            b.append(String.format(Locale.ROOT, "; learning rate %s x %s = %s", OuterStep.trim(learningRate),
                    scaling == LrScaling.SQRT ? "sqrt(" + workers + ")" : Integer.toString(workers),
                    String.format(Locale.ROOT, "%.4g", learningRate * lrFactor())));
            if (warmupEpochs > 0) {
                b.append(" after a warm-up of ").append(OuterStep.trim(warmupEpochs)).append(" epochs");
            }
        }
        if (state == OptimizerState.RESET) {
            b.append("; optimizer state reset every round");
        }
        return b.toString();
    }
}
