package dev.sparkfit.train;

import dev.sparkfit.config.TrainingSpec;
import dev.sparkfit.data.Block;
import dev.sparkfit.model.Head;
import dev.sparkfit.model.LocalNetworks;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * {@code training.engine: dl4j-paramavg}: the same job trained by DL4J's own
 * {@link ParameterAveragingTrainingMaster} through {@link SparkDl4jMultiLayer}, for comparison with
 * {@link Trainer}. Each epoch cuts the cached blocks into one {@link DataSet} per minibatch, in the
 * same seeded per-epoch order {@link AveragingRound} uses, and hands them to DL4J, which rebalances
 * uneven partitions over the workers (a shuffle), trains, and averages parameters and updater state.
 * Scoring, history, early stopping and restore_best_weights are the shared {@link EpochLoop}.
 *
 * <p>DL4J reports no running loss over the epoch, so "loss" is the loss of each epoch's final
 * parameters on all training rows, where {@link Trainer} reports the running mean over the epoch.
 */
public final class Dl4jParamAvgTrainer {

    private final JavaSparkContext jsc;
    private final TrainingSpec spec;
    private final Head head;
    private final String confJson;
    private final RunControl control;
    private final float[] initialParams;

    public Dl4jParamAvgTrainer(JavaSparkContext jsc, TrainingSpec spec, Head head, MultiLayerConfiguration conf,
                               RunControl control) {
        this(jsc, spec, head, conf, null, control);
    }

    /** @param initialParams flat parameters to start from ({@code model.init_from}); null: seeded random ones */
    public Dl4jParamAvgTrainer(JavaSparkContext jsc, TrainingSpec spec, Head head, MultiLayerConfiguration conf,
                               float[] initialParams, RunControl control) {
        this.initialParams = initialParams;
        this.jsc = jsc;
        this.spec = spec;
        this.head = head;
        this.confJson = conf.toJson();
        this.control = control;
    }

    /** Trains on {@code train} (one cached block per worker); {@code val} may be null. */
    public TrainResult fit(JavaRDD<Block> train, JavaRDD<Block> val) {
        int batch = spec.batchSize();
        List<Integer> sizes = train.map(Block::rows).collect(); // one count per partition, not rows
        long trainRows = sizes.stream().mapToLong(Integer::longValue).sum();
        int minibatches = sizes.stream().mapToInt(r -> (r + batch - 1) / batch).sum();
        int workers = train.getNumPartitions(); // training.workers, not DL4J's default (Spark's default parallelism)
        int perWorker = Math.max(1, (minibatches + workers - 1) / workers);
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers, batch)
                .averagingFrequency(spec.averagingEvery() == 0 ? perWorker : spec.averagingEvery())
                .workerPrefetchNumBatches(0)
                .saveUpdater(true)
                .batchSizePerWorker(batch)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .rngSeed(spec.seed())
                .build();
        if (spec.averagingEvery() > 0) {
            control.console().accept("note: with training.averaging > 0 DL4J splits each epoch at random and each worker trains at"
                    + " most " + spec.averagingEvery() + " minibatches per split, so a few minibatches may be skipped");
        }
        MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(confJson));
        net.init();
        if (initialParams != null) {
            LocalNetworks.load(net, initialParams, null);
        }
        EpochLoop loop = new EpochLoop(jsc, spec, head, confJson, control);
        Checkpoint resume = loop.resumePoint(); // DL4J's master trains whole epochs: resume at an epoch boundary
        if (resume != null) {
            LocalNetworks.load(net, resume.params(), resume.updaterState());
            net.setIterationCount((int) resume.iteration());
            net.setEpochCount(resume.epoch());
        }
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(jsc, net, master);
        return loop.run(train, val, trainRows, epoch -> {
            JavaRDD<DataSet> data = minibatches(train, batch, spec.seed(), epoch - 1);
            try {
                jsc.setJobDescription(control.job(epoch, spec.epochs(), "DL4J parameter averaging"));
                MultiLayerNetwork trained = sparkNet.fit(data);
                return new EpochLoop.Epoch(trained.params().toFloatVector(), LocalNetworks.updaterState(trained), null, null,
                        trained.getIterationCount());
            } finally {
                data.unpersist(false); // the master persisted it for its count and split passes
            }
        });
    }

    /**
     * The epoch's minibatches as DataSets of {@code batch} rows (fewer for a block's last one), each
     * block's rows in the permutation derived from (seed, epoch, partition), as {@link AveragingRound}
     * orders them.
     */
    static JavaRDD<DataSet> minibatches(JavaRDD<Block> blocks, int batch, long seed, int epoch) {
        return blocks.mapPartitions((Iterator<Block> it) -> {
            List<DataSet> out = new ArrayList<>();
            while (it.hasNext()) {
                Block b = it.next();
                int[] order = Seeds.permutation(b.rows(), Seeds.derive(seed, "shuffle", epoch, b.partition()));
                for (int start = 0; start < b.rows(); start += batch) {
                    int n = Math.min(batch, b.rows() - start);
                    float[] x = new float[n * b.nIn()];
                    float[] y = new float[n * b.labelWidth()];
                    b.gather(order, start, start + n, x, y);
                    out.add(new DataSet(Nd4j.create(x, new long[] {n, b.nIn()}, 'c'),
                            Nd4j.create(y, new long[] {n, b.labelWidth()}, 'c')));
                }
            }
            return out.iterator();
        }, true);
    }
}
