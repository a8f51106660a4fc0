/**
 * Data-parallel SGD with parameter averaging: the small distributed core. One interface,
 * {@link dev.sparkfit.train.DistributedTrainer}, for sparkfit's {@link dev.sparkfit.train.AveragingTrainer}
 * and DL4J's master ({@link dev.sparkfit.train.Dl4jParamAvgTrainer}). Each averaging round the driver
 * broadcasts the {@link dev.sparkfit.train.Weights} and the workers' {@link dev.sparkfit.train.LearningRate};
 * {@link dev.sparkfit.train.AveragingRound} (executors, inside mapPartitions) runs SGD on each partition's
 * minibatches, with {@link dev.sparkfit.train.FusedStep} for dense networks (DL4J's layouts and updaters,
 * held to DL4J's {@code fit} step by step) or DL4J's own {@code fit} otherwise; {@link dev.sparkfit.train.WorkerResult}
 * sums come back through treeAggregate and the driver's {@link dev.sparkfit.train.OuterStep} turns their
 * mean into the next round's weights. {@link dev.sparkfit.train.ParallelSettings} resolves what depends on
 * the worker count. {@link dev.sparkfit.train.EarlyStopping} decides when to stop, as a value;
 * {@link dev.sparkfit.train.Checkpoints} commits a {@link dev.sparkfit.train.Checkpoint} after every
 * epoch (and at SIGTERM, {@link dev.sparkfit.train.StopRequest}) so a rerun resumes exactly. What a run
 * records per epoch ({@link dev.sparkfit.train.EpochStats}, {@link dev.sparkfit.train.History}) lives here
 * with the loop that makes it; {@code artifact} writes it into reports and never the reverse.
 */
package dev.sparkfit.train;
