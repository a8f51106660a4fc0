package dev.sparkfit.config;

/**
 * How training runs: epochs, minibatch size, number of Spark workers (0 = default parallelism),
 * minibatches between parameter averaging rounds ({@code averagingEvery}, 0 = once per epoch), seed,
 * validation split, engine, early stopping, and whether each epoch records diagnostics (dead and
 * saturated units, gradient norms) in the history.
 */
public record TrainingSpec(int epochs, int batchSize, int workers, int averagingEvery, long seed,
                           double validationSplit, Engine engine, EarlyStoppingSpec earlyStopping,
                           boolean diagnostics) {

    public TrainingSpec {
        Check.atLeast("training.epochs", epochs, 1);
        Check.atLeast("training.batch_size", batchSize, 1);
        Check.atLeast("training.workers", workers, 0);
        Check.atLeast("training.averaging", averagingEvery, 0);
        Check.inRange("training.validation_split", validationSplit, 0.0, 1.0, false);
        Check.required("training.engine", engine);
        SparkLine.unsupported(engine).ifPresent(why -> {
            throw new SpecException("training.engine: " + why);
        });
        Check.required("training.early_stopping", earlyStopping);
        if (earlyStopping.enabled() && earlyStopping.needsValidation() && validationSplit == 0.0) {
            throw new SpecException("training.early_stopping.monitor: '" + earlyStopping.monitor()
                    + "' needs training.validation_split > 0 (it is 0.0); monitor loss instead, "
                    + "or set early_stopping: false");
        }
    }

    /** With diagnostics on, their default. */
    public TrainingSpec(int epochs, int batchSize, int workers, int averagingEvery, long seed,
                        double validationSplit, Engine engine, EarlyStoppingSpec earlyStopping) {
        this(epochs, batchSize, workers, averagingEvery, seed, validationSplit, engine, earlyStopping, true);
    }

    public static TrainingSpec defaults() {
        return new TrainingSpec(20, 32, 0, 0, 42L, 0.2, Engine.AVERAGING, EarlyStoppingSpec.defaults(), true);
    }

    /** True when parameters are averaged once per epoch rather than every N minibatches. */
    public boolean averagingPerEpoch() {
        return averagingEvery == 0;
    }

    public TrainingSpec withEpochs(int newEpochs) {
        return new TrainingSpec(newEpochs, batchSize, workers, averagingEvery, seed, validationSplit, engine,
                earlyStopping, diagnostics);
    }

    public TrainingSpec withSeed(long newSeed) {
        return new TrainingSpec(epochs, batchSize, workers, averagingEvery, newSeed, validationSplit, engine,
                earlyStopping, diagnostics);
    }

    public TrainingSpec withWorkers(int newWorkers) {
        return new TrainingSpec(epochs, batchSize, newWorkers, averagingEvery, seed, validationSplit, engine,
                earlyStopping, diagnostics);
    }

    public TrainingSpec withEarlyStopping(EarlyStoppingSpec newEarlyStopping) {
        return new TrainingSpec(epochs, batchSize, workers, averagingEvery, seed, validationSplit, engine,
                newEarlyStopping, diagnostics);
    }

    public TrainingSpec withDiagnostics(boolean on) {
        return new TrainingSpec(epochs, batchSize, workers, averagingEvery, seed, validationSplit, engine,
                earlyStopping, on);
    }
}
