package dev.sparkfit.config;

/**
 * How training runs: epochs, minibatch size, number of Spark workers (0 = default parallelism),
 * minibatches between parameter averaging rounds ({@code averagingEvery}: {@value #AVERAGING_AUTO} =
 * auto, 0 = once per epoch), seed, validation split, engine, early stopping, whether each epoch records
 * diagnostics (dead and saturated units, gradient norms) in the history, and what changes with the
 * worker count: the driver's outer optimizer, the workers' learning-rate scaling and its warm-up
 * ({@code warmupEpochs} NaN = auto), and what each round does with the optimizer state.
 */
public record TrainingSpec(int epochs, int batchSize, int workers, int averagingEvery, long seed,
                           double validationSplit, Engine engine, EarlyStoppingSpec earlyStopping,
                           boolean diagnostics, OuterOptimizerSpec outerOptimizer, LrScaling learningRateScaling,
                           double warmupEpochs, OptimizerState optimizerState, ClassWeightSpec classWeight,
                           ReduceLrSpec reduceLrOnPlateau) {

    /** {@code averaging: auto}: chosen by the worker count. */
    public static final int AVERAGING_AUTO = -1;

    public TrainingSpec {
        Check.atLeast("training.epochs", epochs, 1);
        Check.atLeast("training.batch_size", batchSize, 1);
        Check.atLeast("training.workers", workers, 0);
        if (averagingEvery < AVERAGING_AUTO) {
            throw new SpecException("training.averaging: " + averagingEvery + " is not auto, epoch or an integer >= 1");
        }
        Check.inRange("training.validation_split", validationSplit, 0.0, 1.0, false);
        Check.required("training.engine", engine);
        SparkLine.unsupported(engine).ifPresent(why -> {
            throw new SpecException("training.engine: " + why);
        });
        Check.required("training.early_stopping", earlyStopping);
        Check.required("training.outer_optimizer", outerOptimizer);
        Check.required("training.learning_rate_scaling", learningRateScaling);
        Check.required("training.optimizer_state", optimizerState);
        if (!Double.isNaN(warmupEpochs) && !(warmupEpochs >= 0 && warmupEpochs <= 1000)) {
            throw new SpecException("training.warmup_epochs: " + warmupEpochs + " is not auto or a number in [0, 1000]");
        }
        if (engine == Engine.DL4J_PARAMAVG) {
            checkDl4jMaster(outerOptimizer, learningRateScaling, warmupEpochs, optimizerState);
        }
        Check.required("training.class_weight", classWeight);
        if (classWeight.enabled() && engine != Engine.AVERAGING) {
            throw new SpecException("training.class_weight needs training.engine averaging (its fused step weights"
                    + " each row; '" + engine.key() + "' does not)");
        }
        Check.required("training.reduce_lr_on_plateau", reduceLrOnPlateau);
        if (reduceLrOnPlateau.enabled() && engine == Engine.DL4J_PARAMAVG) {
            throw new SpecException("training.reduce_lr_on_plateau needs training.engine averaging or"
                    + " averaging-dl4j-fit (dl4j-paramavg keeps its own rate)");
        }
    }

    /** As before class weights and plateau reduction existed: neither. */
    public TrainingSpec(int epochs, int batchSize, int workers, int averagingEvery, long seed,
                        double validationSplit, Engine engine, EarlyStoppingSpec earlyStopping,
                        boolean diagnostics, OuterOptimizerSpec outerOptimizer, LrScaling learningRateScaling,
                        double warmupEpochs, OptimizerState optimizerState) {
        this(epochs, batchSize, workers, averagingEvery, seed, validationSplit, engine, earlyStopping, diagnostics,
                outerOptimizer, learningRateScaling, warmupEpochs, optimizerState, ClassWeightSpec.none(),
                ReduceLrSpec.off());
    }

    /** DL4J's own master averages plainly: it has no outer step, learning-rate scaling or warm-up. */
    private static void checkDl4jMaster(OuterOptimizerSpec outer, LrScaling scaling, double warmup, OptimizerState state) {
        String why = " needs training.engine averaging or averaging-dl4j-fit (dl4j-paramavg averages plainly)";
        if (outer.name() == OuterOptimizerName.MOMENTUM || outer.name() == OuterOptimizerName.NESTEROV) {
            throw new SpecException("training.outer_optimizer.name: '" + outer.name().key() + "'" + why);
        }
        if (scaling == LrScaling.SQRT || scaling == LrScaling.LINEAR) {
            throw new SpecException("training.learning_rate_scaling: '" + scaling.key() + "'" + why);
        }
        if (warmup > 0) {
            throw new SpecException("training.warmup_epochs: " + warmup + why);
        }
        if (state == OptimizerState.RESET) {
            throw new SpecException("training.optimizer_state: 'reset'" + why);
        }
    }

    /** With diagnostics on and everything that depends on the worker count on auto. */
    public TrainingSpec(int epochs, int batchSize, int workers, int averagingEvery, long seed,
                        double validationSplit, Engine engine, EarlyStoppingSpec earlyStopping) {
        this(epochs, batchSize, workers, averagingEvery, seed, validationSplit, engine, earlyStopping, true);
    }

    /** With everything that depends on the worker count on auto. */
    public TrainingSpec(int epochs, int batchSize, int workers, int averagingEvery, long seed,
                        double validationSplit, Engine engine, EarlyStoppingSpec earlyStopping, boolean diagnostics) {
        this(epochs, batchSize, workers, averagingEvery, seed, validationSplit, engine, earlyStopping, diagnostics,
                OuterOptimizerSpec.defaults(), LrScaling.AUTO, Double.NaN, OptimizerState.AVERAGE);
    }

    public static TrainingSpec defaults() {
        return new TrainingSpec(20, 32, 0, AVERAGING_AUTO, 42L, 0.2, Engine.AVERAGING, EarlyStoppingSpec.defaults(),
                true);
    }

    /** True when parameters are averaged once per epoch rather than every N minibatches (or auto). */
    public boolean averagingPerEpoch() {
        return averagingEvery == 0;
    }

    public TrainingSpec withEpochs(int newEpochs) {
        return new TrainingSpec(newEpochs, batchSize, workers, averagingEvery, seed, validationSplit, engine,
                earlyStopping, diagnostics, outerOptimizer, learningRateScaling, warmupEpochs, optimizerState,
                classWeight, reduceLrOnPlateau);
    }

    public TrainingSpec withSeed(long newSeed) {
        return new TrainingSpec(epochs, batchSize, workers, averagingEvery, newSeed, validationSplit, engine,
                earlyStopping, diagnostics, outerOptimizer, learningRateScaling, warmupEpochs, optimizerState,
                classWeight, reduceLrOnPlateau);
    }

    public TrainingSpec withWorkers(int newWorkers) {
        return new TrainingSpec(epochs, batchSize, newWorkers, averagingEvery, seed, validationSplit, engine,
                earlyStopping, diagnostics, outerOptimizer, learningRateScaling, warmupEpochs, optimizerState,
                classWeight, reduceLrOnPlateau);
    }

    public TrainingSpec withEarlyStopping(EarlyStoppingSpec newEarlyStopping) {
        return new TrainingSpec(epochs, batchSize, workers, averagingEvery, seed, validationSplit, engine,
                newEarlyStopping, diagnostics, outerOptimizer, learningRateScaling, warmupEpochs, optimizerState,
                classWeight, reduceLrOnPlateau);
    }

    public TrainingSpec withDiagnostics(boolean on) {
        return new TrainingSpec(epochs, batchSize, workers, averagingEvery, seed, validationSplit, engine,
                earlyStopping, on, outerOptimizer, learningRateScaling, warmupEpochs, optimizerState,
                classWeight, reduceLrOnPlateau);
    }

    /** The same run with the outer optimizer, learning-rate scaling, warm-up and optimizer state given. */
    public TrainingSpec withScaling(OuterOptimizerSpec outer, LrScaling scaling, double warmup, OptimizerState state) {
        return new TrainingSpec(epochs, batchSize, workers, averagingEvery, seed, validationSplit, engine,
                earlyStopping, diagnostics, outer, scaling, warmup, state, classWeight, reduceLrOnPlateau);
    }

    public TrainingSpec withEngine(Engine newEngine) {
        return new TrainingSpec(epochs, batchSize, workers, averagingEvery, seed, validationSplit, newEngine,
                earlyStopping, diagnostics, outerOptimizer, learningRateScaling, warmupEpochs, optimizerState,
                classWeight, reduceLrOnPlateau);
    }

    public TrainingSpec withAveraging(int every) {
        return new TrainingSpec(epochs, batchSize, workers, every, seed, validationSplit, engine,
                earlyStopping, diagnostics, outerOptimizer, learningRateScaling, warmupEpochs, optimizerState,
                classWeight, reduceLrOnPlateau);
    }

    public TrainingSpec withClassWeight(ClassWeightSpec weights) {
        return new TrainingSpec(epochs, batchSize, workers, averagingEvery, seed, validationSplit, engine,
                earlyStopping, diagnostics, outerOptimizer, learningRateScaling, warmupEpochs, optimizerState,
                weights, reduceLrOnPlateau);
    }
}
