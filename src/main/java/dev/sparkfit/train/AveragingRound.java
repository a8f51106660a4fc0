package dev.sparkfit.train;

import dev.sparkfit.data.Block;
import dev.sparkfit.eval.EvalSums;
import dev.sparkfit.eval.Scorer;
import dev.sparkfit.model.Head;
import dev.sparkfit.model.LocalNetworks;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Iterator;
import java.util.List;

/**
 * The worker side of one averaging round, run by {@code mapPartitions} on each cached block: load
 * the broadcast parameters, updater state and learning rate into this thread's step, run SGD on this round's share
 * of the epoch's minibatches, and return the parameters weighted by the examples seen. The step is
 * {@link FusedStep} (which also sums each minibatch's metrics, as Keras reports training metrics)
 * when {@code fused}, else DL4J's own {@code MultiLayerNetwork.fit}.
 * Rows are shuffled per epoch by a permutation derived from (seed, epoch, partition), so every
 * retry of a task sees the same minibatches and every row is used exactly once per epoch.
 */
public final class AveragingRound implements FlatMapFunction<Iterator<Block>, WorkerResult> {

    private final Broadcast<ParamState> state;
    private final String confJson;
    private final Head head;
    private final boolean fused;
    private final int batchSize;
    private final int firstBatch;
    private final int lastBatch; // exclusive; Integer.MAX_VALUE = to the end of the epoch
    private final long seed;
    private final float[] classWeights; // null: every class weighs 1; only the fused step takes them
    private final boolean weightedMetrics; // the running sums also keep weighted sums (model.weighted_metrics)

    public AveragingRound(Broadcast<ParamState> state, String confJson, Head head, boolean fused, int batchSize,
                          int firstBatch, int lastBatch, long seed) {
        this(state, confJson, head, fused, batchSize, firstBatch, lastBatch, seed, null, false);
    }

    /**
     * With {@code classWeights[c]} multiplying the loss and gradient of each row of class c (null: none);
     * with {@code weightedMetrics} the running sums also count each row by its weight in the loss.
     */
    public AveragingRound(Broadcast<ParamState> state, String confJson, Head head, boolean fused, int batchSize,
                          int firstBatch, int lastBatch, long seed, float[] classWeights, boolean weightedMetrics) {
        this.classWeights = classWeights;
        this.weightedMetrics = weightedMetrics;
        this.state = state;
        this.confJson = confJson;
        this.head = head;
        this.fused = fused;
        this.batchSize = batchSize;
        this.firstBatch = firstBatch;
        this.lastBatch = lastBatch;
        this.seed = seed;
    }

    @Override
    public Iterator<WorkerResult> call(Iterator<Block> blocks) {
        TestFaults.maybeFail("round"); // inert unless a test sets sparkfit.test.fail
        WorkerResult total = WorkerResult.empty();
        while (blocks.hasNext()) {
            total = total.merge(train(blocks.next()));
        }
        return List.of(total).iterator();
    }

    private WorkerResult train(Block b) {
        int batches = (b.rows() + batchSize - 1) / batchSize;
        int from = Math.min(firstBatch, batches);
        int to = Math.min(lastBatch, batches);
        if (from >= to) {
            return WorkerResult.empty(); // this partition has no minibatches left in this round
        }
        ParamState s = state.value();
        if (TestFaults.lossDiverges(s.epoch() + 1)) { // test-only, read once per task, not per minibatch
            return WorkerResult.diverged(b.partition());
        }
        FusedStep step = fused ? FusedStep.forThread(confJson, batchSize) : null;
        MultiLayerNetwork net = fused ? null : LocalNetworks.get(confJson, s.params(), s.updaterState());
        // Set every round: the thread's cached step or network may have run with another rate before.
        if (fused) {
            step.load(s.params(), s.updaterState());
            step.learningRate(s.learningRate());
        } else {
            net.setLearningRate(s.learningRate()); // rebuilds DL4J's updater blocks, keeping their state
            net.setIterationCount(s.iteration());
            net.setEpochCount(s.epoch());
        }
        int[] order = Seeds.permutation(b.rows(), Seeds.derive(seed, "shuffle", s.epoch(), b.partition()));
        int w = b.labelWidth();
        float[] x = new float[batchSize * b.nIn()];
        float[] y = new float[batchSize * w];
        float[] out = new float[batchSize * w];
        float[] weightBuffer = classWeights == null && b.w() == null ? null : new float[batchSize];
        float[] sample = b.w() == null ? null : new float[batchSize]; // data.weight
        EvalSums running = fused ? EvalSums.empty(head, weightedMetrics) : null;
        long examples = 0;
        double lossSum = 0;
        for (int k = from; k < to; k++) {
            int start = k * batchSize;
            int n = Math.min(batchSize, b.rows() - start);
            b.gather(order, start, start + n, x, y);
            float[] rowWeights = null;
            if (weightBuffer != null) {
                if (sample != null) {
                    b.gatherWeights(order, start, start + n, sample);
                }
                rowWeights = RowWeights.of(classWeights, y, n, w, sample, weightBuffer);
            }
            double loss;
            if (fused) {
                loss = step.fit(x, y, n, s.iteration() + k - from, s.epoch(), out, rowWeights);
                running = Scorer.accumulate(running, out, y, n, w, head, rowWeights); // weights as in the loss
            } else {
                loss = fit(net, x, y, n, b.nIn(), w);
            }
            if (!Double.isFinite(loss)) {
                return WorkerResult.diverged(b.partition()); // never averaged in
            }
            lossSum += loss * n;
            examples += n;
        }
        // A last step can leave parameters non-finite with a finite loss: checked before it is averaged.
        return WorkerResult.checked(fused ? step.params() : net.params().toFloatVector(),
                fused ? step.updaterState() : LocalNetworks.updaterState(net), examples, lossSum, to - from,
                b.partition(), running);
    }

    /** One SGD step on the first {@code n} rows of the buffers; returns the minibatch loss. */
    private static double fit(MultiLayerNetwork net, float[] x, float[] y, int n, int nIn, int width) {
        // The last minibatch of a partition may be short; ND4J wants arrays of exactly that size.
        INDArray f = Nd4j.create(n * nIn == x.length ? x : java.util.Arrays.copyOf(x, n * nIn), new long[] {n, nIn}, 'c');
        INDArray l = Nd4j.create(n * width == y.length ? y : java.util.Arrays.copyOf(y, n * width), new long[] {n, width}, 'c');
        try {
            net.fit(new DataSet(f, l));
            return net.score();
        } finally {
            // Off-heap buffers are released now rather than whenever the GC gets to them.
            f.close();
            l.close();
        }
    }
}
