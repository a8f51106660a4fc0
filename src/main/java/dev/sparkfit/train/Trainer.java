package dev.sparkfit.train;

import dev.sparkfit.artifact.EpochStats;
import dev.sparkfit.artifact.History;
import dev.sparkfit.config.TrainingSpec;
import dev.sparkfit.data.Block;
import dev.sparkfit.eval.EvalSums;
import dev.sparkfit.eval.Metrics;
import dev.sparkfit.eval.Scorer;
import dev.sparkfit.model.Head;
import dev.sparkfit.model.LocalNetworks;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
    private final Consumer<String> console;

    public Trainer(JavaSparkContext jsc, TrainingSpec spec, Head head, MultiLayerConfiguration conf,
                   Consumer<String> console) {
        this.jsc = jsc;
        this.spec = spec;
        this.head = head;
        this.confJson = conf.toJson();
        this.console = console;
    }

    /** Trains on {@code train} (one cached block per worker); {@code val} may be null. */
    public TrainResult fit(JavaRDD<Block> train, JavaRDD<Block> val) {
        MultiLayerNetwork init = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(confJson));
        init.init();
        float[] params = init.params().toFloatVector();
        float[] state = LocalNetworks.updaterState(init);
        init.close();

        List<Integer> sizes = train.map(Block::rows).collect(); // one count per partition, not rows
        long trainRows = sizes.stream().mapToLong(Integer::longValue).sum();
        int maxBatches = sizes.stream().mapToInt(r -> (r + spec.batchSize() - 1) / spec.batchSize()).max().orElse(0);
        int every = spec.averagingEvery() == 0 ? Integer.MAX_VALUE : spec.averagingEvery();
        int rounds = spec.averagingEvery() == 0 ? 1 : (maxBatches + every - 1) / every;

        History history = new History();
        EarlyStopping stopping = new EarlyStopping(spec.earlyStopping());
        float[] bestParams = params;
        float[] bestState = state;
        EvalSums bestVal = null;
        EvalSums lastVal = null;
        int iteration = 0;
        long started = System.nanoTime();
        for (int epoch = 1; epoch <= spec.epochs(); epoch++) {
            long t0 = System.nanoTime();
            double lossSum = 0;
            long seen = 0;
            for (int r = 0; r < rounds; r++) {
                jsc.setJobDescription("sparkfit epoch " + epoch + "/" + spec.epochs()
                        + (rounds > 1 ? ", averaging round " + (r + 1) + "/" + rounds : ""));
                WorkerResult sum = round(train, new ParamState(params, state, iteration, epoch - 1),
                        r * every, rounds == 1 ? Integer.MAX_VALUE : (r + 1) * every);
                if (sum.divergedPartition() >= 0) {
                    throw new DivergedException("training diverged in epoch " + epoch + ": the loss of worker "
                            + sum.divergedPartition() + " became NaN or infinite; try a lower optimizer.learning_rate");
                }
                if (sum.examples() > 0) {
                    params = sum.meanParams();
                    state = sum.meanState();
                }
                lossSum += sum.lossSum();
                seen += sum.examples();
                iteration += sum.maxBatches();
            }
            if (seen != trainRows) {
                throw new IllegalStateException("epoch " + epoch + " saw " + seen + " rows, expected " + trainRows);
            }
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("loss", lossSum / seen);
            // Keras reports the running mean loss over the epoch; the other metrics are measured on
            // the training rows with the epoch's final parameters, in a distributed scoring job.
            jsc.setJobDescription("sparkfit epoch " + epoch + "/" + spec.epochs() + ", training metrics");
            Metrics.of(Scorer.score(jsc, train, params, confJson, head), head, "").forEach((k, v) -> {
                if (!k.equals("loss")) {
                    values.put(k, v);
                }
            });
            EvalSums valSums = null;
            if (val != null) {
                jsc.setJobDescription("sparkfit epoch " + epoch + "/" + spec.epochs() + ", validation");
                valSums = Scorer.score(jsc, val, params, confJson, head);
                values.putAll(Metrics.of(valSums, head, "val_"));
            }
            lastVal = valSums;
            double seconds = (System.nanoTime() - t0) / 1e9;
            history.add(new EpochStats(epoch, values, seconds));
            console.accept(Progress.line(epoch, spec.epochs(), values, trainRows / seconds,
                    (System.nanoTime() - started) / 1e9 / epoch * (spec.epochs() - epoch)));
            Double monitored = values.get(spec.earlyStopping().monitor());
            EarlyStopping.Decision d = stopping.update(epoch, monitored == null ? Double.NaN : monitored);
            if (d instanceof EarlyStopping.Continue c && c.improved()) {
                bestParams = params;
                bestState = state;
                bestVal = valSums;
            }
            if (d instanceof EarlyStopping.Stop stop) {
                console.accept("early stopping: " + stop.reason());
                return finish(params, state, history, stopping, epoch, true, stop.reason(), valSums,
                        bestParams, bestState, bestVal);
            }
        }
        return finish(params, state, history, stopping, spec.epochs(), false, null, lastVal,
                bestParams, bestState, bestVal);
    }

    private TrainResult finish(float[] params, float[] state, History history, EarlyStopping stopping,
                               int epochsRun, boolean early, String reason, EvalSums lastVal,
                               float[] bestParams, float[] bestState, EvalSums bestVal) {
        boolean restore = spec.earlyStopping().enabled() && spec.earlyStopping().restoreBestWeights()
                && stopping.bestEpoch() != epochsRun;
        if (restore) {
            console.accept("restoring the weights of epoch " + stopping.bestEpoch()
                    + " (training.early_stopping.restore_best_weights)");
            return new TrainResult(bestParams, bestState, history, stopping.bestEpoch(), epochsRun, early,
                    reason, bestVal);
        }
        return new TrainResult(params, state, history, stopping.bestEpoch(), epochsRun, early, reason, lastVal);
    }

    private WorkerResult round(JavaRDD<Block> train, ParamState state, int firstBatch, int lastBatch) {
        Broadcast<ParamState> bc = jsc.broadcast(state);
        try {
            AveragingRound worker = new AveragingRound(bc, confJson, spec.batchSize(), firstBatch, lastBatch,
                    spec.seed());
            // treeAggregate, not collect: partial sums meet on the executors, the driver gets a few.
            return train.mapPartitions(worker).treeAggregate(WorkerResult.empty(), WorkerResult::merge,
                    WorkerResult::merge, 2);
        } finally {
            bc.destroy();
        }
    }
}
