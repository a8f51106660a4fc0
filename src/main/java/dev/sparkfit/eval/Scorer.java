package dev.sparkfit.eval;

import dev.sparkfit.data.Block;
import dev.sparkfit.model.Head;
import dev.sparkfit.model.LocalNetworks;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Scores cached blocks against given parameters as a distributed job: each partition runs the
 * network forward in chunks and returns additive sums; nothing but the sums reaches the driver.
 */
public final class Scorer {

    /** Rows per forward pass when scoring; large enough to amortise the native call. */
    public static final int CHUNK = 1024;

    private Scorer() {
    }

    public static EvalSums score(JavaSparkContext jsc, JavaRDD<Block> blocks, float[] params,
                                 String confJson, Head head) {
        Broadcast<float[]> p = jsc.broadcast(params);
        try {
            EvalSums zero = EvalSums.empty(head);
            // treeAggregate, not collect: the driver receives a few partial sums, not rows.
            return blocks.treeAggregate(zero, (acc, b) -> acc.merge(score(b, p.value(), confJson, head)),
                    EvalSums::merge, 2);
        } finally {
            p.destroy();
        }
    }

    static EvalSums score(Block b, float[] params, String confJson, Head head) {
        MultiLayerNetwork net = LocalNetworks.get(confJson, params, null);
        EvalSums sums = EvalSums.empty(head);
        int w = b.labelWidth();
        for (int start = 0; start < b.rows(); start += CHUNK) {
            int n = Math.min(CHUNK, b.rows() - start);
            float[] out = output(net, Arrays.copyOfRange(b.x(), start * b.nIn(), (start + n) * b.nIn()), n, b.nIn());
            float[] y = Arrays.copyOfRange(b.y(), start * w, (start + n) * w);
            sums = accumulate(sums, out, y, n, w, head);
        }
        return sums;
    }

    /** Network outputs for {@code n} rows of {@code x}, row-major. */
    public static float[] output(MultiLayerNetwork net, float[] x, int n, int nIn) {
        INDArray f = Nd4j.create(x, new long[] {n, nIn}, 'c');
        try {
            INDArray out = net.output(f);
            float[] v = out.ravel().toFloatVector(); // row-major rows x outputs
            out.close();
            return v;
        } finally {
            f.close();
        }
    }

    /** The class a row's outputs predict. */
    public static int predictedClass(float[] out, int o, Head head) {
        if (head.singleSigmoid()) {
            return out[o] >= 0.5f ? 1 : 0;
        }
        int best = 0;
        for (int i = 1; i < head.nOut(); i++) {
            if (out[o + i] > out[o + best]) {
                best = i;
            }
        }
        return best;
    }

    /** Sums for {@code n} rows of network outputs {@code out} against targets {@code y}, both row-major. */
    public static EvalSums chunk(float[] out, float[] y, int n, int w, Head head) {
        return accumulate(EvalSums.empty(head), out, y, n, w, head);
    }

    /**
     * {@code acc} plus the sums of {@code n} rows of outputs {@code out} against targets {@code y}. The
     * result reuses (and changes) {@code acc}'s arrays: pass only an accumulator nobody else holds.
     */
    public static EvalSums accumulate(EvalSums acc, float[] out, float[] y, int n, int w, Head head) {
        int k = head.classification() ? head.classes().size() : 0;
        long[] confusion = acc.confusion();
        long[] ranks = acc.rankHits();
        long[] pos = acc.positiveScores();
        long[] neg = acc.negativeScores();
        double loss = 0, se = 0, ae = 0, pe = 0, ys = 0, yy = 0;
        long correct = 0;
        for (int r = 0; r < n; r++) {
            int o = r * w;
            loss += Losses.row(head.loss(), out, y, o, w);
            if (head.classification()) {
                int truth = head.singleSigmoid() ? Math.round(y[o]) : predictedClass(y, o, head);
                int pred = predictedClass(out, o, head);
                confusion[truth * k + pred]++;
                correct += truth == pred ? 1 : 0;
                ranks[rank(out, o, truth, head)]++;
                if (head.singleSigmoid() || k == 2) { // binary: the positive class's score
                    float score = head.singleSigmoid() ? out[o] : out[o + 1];
                    (truth == 1 ? pos : neg)[EvalSums.bin(score)]++;
                } else { // several classes: every (row, class) cell, as Keras' AUC flattens one-hot labels
                    for (int c = 0; c < k; c++) {
                        (c == truth ? pos : neg)[EvalSums.bin(out[o + c])]++;
                    }
                }
            } else {
                double d = (double) out[o] - y[o];
                se += d * d;
                ae += Math.abs(d);
                pe += 100.0 * Math.abs(d) / Math.max(Math.abs(y[o]), Losses.EPS); // Keras' MAPE
                ys += y[o];
                yy += (double) y[o] * y[o];
            }
        }
        return new EvalSums(acc.rows() + n, acc.lossSum() + loss, acc.squaredError() + se,
                acc.absoluteError() + ae, acc.correct() + correct, confusion, acc.percentError() + pe,
                acc.labelSum() + ys, acc.labelSquares() + yy, ranks, pos, neg);
    }

    /**
     * 0 when the true class has the highest score, r when r classes score above it (a class before it
     * with an equal score counts as above, as the predicted class is the first highest).
     */
    static int rank(float[] out, int o, int truth, Head head) {
        if (head.singleSigmoid()) {
            return predictedClass(out, o, head) == truth ? 0 : 1;
        }
        float t = out[o + truth];
        int above = 0;
        for (int c = 0; c < head.nOut(); c++) {
            if (out[o + c] > t || (c < truth && out[o + c] == t)) {
                above++;
            }
        }
        return above;
    }
}
