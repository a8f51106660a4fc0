/**
 * Data-parallel SGD with parameter averaging: the small distributed core. {@link dev.sparkfit.train.Trainer}
 * (driver) broadcasts parameters and updater state each round, {@link dev.sparkfit.train.AveragingRound}
 * (executors, inside mapPartitions) runs SGD on each partition's minibatches, with
 * {@link dev.sparkfit.train.FusedStep} for dense networks (DL4J's layouts and updaters, held to DL4J's
 * {@code fit} step by step) or DL4J's own {@code fit} otherwise, and
 * {@link dev.sparkfit.train.WorkerResult} sums come back through treeAggregate to be divided by the
 * example count. {@link dev.sparkfit.train.EarlyStopping} decides when to stop, as a value;
 * {@link dev.sparkfit.train.Checkpoints} commits a {@link dev.sparkfit.train.Checkpoint} after every
 * epoch (and at SIGTERM, {@link dev.sparkfit.train.StopRequest}) so a rerun resumes exactly.
 */
package dev.sparkfit.train;
