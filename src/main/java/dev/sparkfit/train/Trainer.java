package dev.sparkfit.train;

import dev.sparkfit.config.Engine;
import dev.sparkfit.config.TrainingSpec;
import dev.sparkfit.data.Block;
import dev.sparkfit.eval.EvalSums;
import dev.sparkfit.model.Head;
import dev.sparkfit.model.LocalNetworks;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.List;
import java.util.Optional;

/**
 * The driver side of data-parallel SGD with parameter averaging. Each round broadcasts the current
 * parameters and updater state, every partition trains on its share of minibatches
 * ({@link AveragingRound}), and {@code treeAggregate} brings back example-weighted sums that the
 * driver divides by the example count. The driver holds parameters, never rows.
 */
public final class Trainer {

    private final JavaSparkContext jsc;
    private final TrainingSpec spec;
    private final Head head;
    private final String confJson;
    private final RunControl control;
    private final float[] initialParams;
    private final boolean fused;

    public Trainer(JavaSparkContext jsc, TrainingSpec spec, Head head, MultiLayerConfiguration conf,
                   RunControl control) {
        this(jsc, spec, head, conf, null, control);
    }

    /** @param initialParams flat parameters to start from ({@code model.init_from}); null: seeded random ones */
    public Trainer(JavaSparkContext jsc, TrainingSpec spec, Head head, MultiLayerConfiguration conf,
                   float[] initialParams, RunControl control) {
        this.jsc = jsc;
        this.spec = spec;
        this.head = head;
        this.confJson = conf.toJson();
        this.initialParams = initialParams;
        this.control = control;
        Optional<String> unsupported = FusedCoverage.unsupported(conf);
        this.fused = spec.engine() == Engine.AVERAGING && unsupported.isEmpty();
        String why = spec.engine() != Engine.AVERAGING ? "training.engine: " + spec.engine().key()
                : unsupported.map(u -> "the fused step does not do " + u).orElse("");
        control.console().accept("worker step: " + (fused ? "fused dense step" : "DL4J MultiLayerNetwork.fit (" + why + ")"));
    }

    /** Trains on {@code train} (one cached block per worker); {@code val} may be null. */
    public TrainResult fit(JavaRDD<Block> train, JavaRDD<Block> val) {
        MultiLayerNetwork init = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(confJson));
        init.init();
        float[] params = initialParams != null ? initialParams.clone() : init.params().toFloatVector();
        float[] state = LocalNetworks.updaterState(init);
        init.close();

        List<Integer> sizes = train.map(Block::rows).collect(); // one count per partition, not rows
        long trainRows = sizes.stream().mapToLong(Integer::longValue).sum();
        int maxBatches = sizes.stream().mapToInt(r -> (r + spec.batchSize() - 1) / spec.batchSize()).max().orElse(0);
        int every = spec.averagingEvery() == 0 ? Integer.MAX_VALUE : spec.averagingEvery();
        int rounds = spec.averagingEvery() == 0 ? 1 : (maxBatches + every - 1) / every;

        EpochLoop loop = new EpochLoop(jsc, spec, head, confJson, control);
        Checkpoint resume = loop.resumePoint();
        // This run's parameters, updater state and DL4J iteration count, carried from epoch to epoch.
        float[][] current = resume == null ? new float[][] {params, state}
                : new float[][] {resume.params(), resume.updaterState()};
        long[] iteration = {resume == null ? 0 : resume.iteration()};
        return loop.run(train, val, trainRows, epoch -> {
            boolean continuing = resume != null && epoch == resume.epoch() + 1;
            double lossSum = continuing ? resume.lossSum() : 0;
            long seen = continuing ? resume.seen() : 0;
            // Running training metrics, when the step keeps them (a checkpoint of a partly done epoch carries
            // them; one from before they existed does not, and that epoch is then scored in a pass).
            boolean midEpoch = continuing && resume.round() > 0;
            EvalSums running = !fused ? null : midEpoch ? resume.running() : EvalSums.empty(head);
            boolean partial = midEpoch && resume.running() == null;
            for (int r = continuing ? resume.round() : 0; r < rounds; r++) {
                String job = control.job(epoch, spec.epochs(),
                        rounds > 1 ? "averaging round " + (r + 1) + "/" + rounds : "training");
                jsc.setJobDescription(job);
                WorkerResult sum;
                try {
                    sum = round(train, new ParamState(current[0], current[1], (int) iteration[0], epoch - 1),
                            r * every, rounds == 1 ? Integer.MAX_VALUE : (r + 1) * every);
                } catch (Exception e) { // Scala throws SparkException (checked) without declaring it
                    throw failed(job, e);
                }
                if (sum.divergedPartition() >= 0) {
                    throw new DivergedException("training diverged in epoch " + epoch + ": the loss of worker "
                            + sum.divergedPartition() + " became NaN or infinite; try a lower optimizer.learning_rate");
                }
                if (sum.examples() > 0) {
                    current[0] = sum.meanParams();
                    current[1] = sum.meanState();
                }
                lossSum += sum.lossSum();
                seen += sum.examples();
                running = running == null || sum.running() == null ? null : running.merge(sum.running());
                iteration[0] += sum.maxBatches();
                if (r + 1 < rounds) { // at the epoch's end the loop commits, after scoring
                    loop.stopIfRequested(epoch, r + 1, iteration[0], lossSum, seen, running, current[0], current[1]);
                }
            }
            if (seen != trainRows) {
                throw new IllegalStateException("epoch " + epoch + " saw " + seen + " rows, expected " + trainRows);
            }
            // Keras reports the running mean loss over the epoch; the loop measures the other metrics.
            return new EpochLoop.Epoch(current[0], current[1], lossSum / seen, partial ? null : running, iteration[0]);
        });
    }

    /** A Spark failure (its retries spent) becomes one line naming this job; anything else passes through. */
    private static RuntimeException failed(String job, Exception e) {
        Throwable spark = e;
        while (spark != null && !(spark instanceof org.apache.spark.SparkException)) {
            spark = spark.getCause();
        }
        if (spark != null) {
            return new StageFailedException(job, spark);
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }

    private WorkerResult round(JavaRDD<Block> train, ParamState state, int firstBatch, int lastBatch) {
        Broadcast<ParamState> bc = jsc.broadcast(state);
        try {
            AveragingRound worker = new AveragingRound(bc, confJson, head, fused, spec.batchSize(), firstBatch,
                    lastBatch, spec.seed());
            // treeAggregate, not collect: partial sums meet on the executors, the driver gets a few.
            return train.mapPartitions(worker).treeAggregate(WorkerResult.empty(), WorkerResult::merge,
                    WorkerResult::merge, 2);
        } finally {
            bc.destroy();
        }
    }
}
