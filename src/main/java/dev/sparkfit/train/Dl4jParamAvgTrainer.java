package dev.sparkfit.train;

import dev.sparkfit.config.TrainingSpec;
import dev.sparkfit.data.Block;
import dev.sparkfit.model.LocalNetworks;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * {@code training.engine: dl4j-paramavg}: the same job trained by DL4J's own
 * {@link ParameterAveragingTrainingMaster} through {@link SparkDl4jMultiLayer}, for comparison with
 * {@link AveragingTrainer}. It averages plainly: no outer step, learning-rate scaling or warm-up. Each epoch cuts the cached blocks into one {@link DataSet} per minibatch, in the
 * same seeded per-epoch order {@link AveragingRound} uses, and hands them to DL4J, which rebalances
 * uneven partitions over the workers (a shuffle), trains, and averages parameters and updater state.
 * Scoring, history, early stopping and restore_best_weights are the shared {@link EpochLoop}.
 *
 * <p>DL4J reports no running loss over the epoch, so "loss" is the loss of each epoch's final
 * parameters on all training rows, where {@link AveragingTrainer} reports the running mean over the epoch.
 */
public final class Dl4jParamAvgTrainer implements DistributedTrainer {

    private final TrainingContext context;
    private final String confJson;

    public Dl4jParamAvgTrainer(TrainingContext context) {
        this.context = context;
        this.confJson = context.conf().toJson();
    }

    @Override
    public TrainResult fit(JavaRDD<Block> train, JavaRDD<Block> val) {
        TrainingSpec spec = context.spec();
        JavaSparkContext jsc = context.jsc();
        int batch = spec.batchSize();
        List<Integer> sizes = train.map(Block::rows).collect(); // one count per partition, not rows
        long trainRows = sizes.stream().mapToLong(Integer::longValue).sum();
        int minibatches = sizes.stream().mapToInt(r -> (r + batch - 1) / batch).sum();
        int workers = train.getNumPartitions(); // training.workers, not DL4J's default (Spark's default parallelism)
        int perWorker = Math.max(1, (minibatches + workers - 1) / workers);
        ParallelSettings settings = ParallelSettings.resolve(spec, workers, perWorker);
        int every = settings.averagingEvery();
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers, batch)
                .averagingFrequency(every == 0 ? perWorker : every)
                .workerPrefetchNumBatches(0)
                .saveUpdater(true)
                .batchSizePerWorker(batch)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .rngSeed(spec.seed())
                .build();
        if (every > 0) {
            context.control().console().accept("note: with training.averaging > 0 DL4J splits each epoch at random and each worker trains at"
                    + " most " + every + " minibatches per split, so a few minibatches may be skipped");
        }
        MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(confJson));
        net.init();
        if (context.initialParams() != null) {
            LocalNetworks.load(net, context.initialParams(), null);
        }
        EpochLoop loop = new EpochLoop(jsc, spec, context.head(), confJson, context.control(), context.metrics(), null);
        Checkpoint resume = loop.resumePoint(); // DL4J's master trains whole epochs: resume at an epoch boundary
        if (resume != null) {
            LocalNetworks.load(net, resume.weights().params(), resume.weights().updaterState());
            net.setIterationCount((int) resume.iteration());
            net.setEpochCount(resume.epoch());
        }
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(jsc, net, master);
        EpochLoop.Epoch start = EpochLoop.Epoch.start(Weights.of(net.params().toFloatVector(),
                LocalNetworks.updaterState(net)), net.getIterationCount());
        return loop.run(train, val, trainRows, start, (epoch, previous) -> epoch(sparkNet, train, epoch));
    }

    /**
     * One epoch: the cached blocks cut into minibatches in this epoch's order, trained and averaged by
     * DL4J's master; the averaged network's parameters and updater state as the epoch's {@link Weights}.
     */
    private EpochLoop.Epoch epoch(SparkDl4jMultiLayer sparkNet, JavaRDD<Block> train, int epoch) {
        TrainingSpec spec = context.spec();
        JavaRDD<DataSet> data = minibatches(train, spec.batchSize(), spec.seed(), epoch - 1);
        try {
            context.jsc().setJobDescription(context.control().job(epoch, spec.epochs(), "DL4J parameter averaging"));
            MultiLayerNetwork trained = sparkNet.fit(data);
            int iteration = trained.getIterationCount();
            return new EpochLoop.Epoch(Weights.of(trained.params().toFloatVector(), LocalNetworks.updaterState(trained)),
                    null, null, iteration, learningRate(trained, iteration - 1, epoch - 1));
        } finally {
            data.unpersist(false); // the master persisted it for its count and split passes
        }
    }

    /** The first layer's rate at the epoch's last step. */
    private static double learningRate(MultiLayerNetwork net, int iteration, int epoch) {
        IUpdater u = ((BaseLayer) net.getLayerWiseConfigurations().getConf(0).getLayer()).getIUpdater();
        return u.getLearningRate(Math.max(0, iteration), epoch);
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
