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
        return score(jsc, blocks, params, confJson, head, false, null);
    }

    /**
     * As above; with {@code weighted}, also the weighted sums, each row weighing its sample weight (the
     * block's {@code data.weight}, 1 without one) times its class's weight ({@code classWeights}, null: 1).
     */
    public static EvalSums score(JavaSparkContext jsc, JavaRDD<Block> blocks, float[] params,
                                 String confJson, Head head, boolean weighted, float[] classWeights) {
        Broadcast<float[]> p = jsc.broadcast(params);
        try {
            EvalSums zero = EvalSums.empty(head, weighted);
            // treeAggregate, not collect: the driver receives a few partial sums, not rows.
            return blocks.treeAggregate(zero, (acc, b) -> acc.merge(score(b, p.value(), confJson, head, weighted,
                    classWeights)), EvalSums::merge, 2);
        } finally {
            p.destroy();
        }
    }

    static EvalSums score(Block b, float[] params, String confJson, Head head, boolean weighted, float[] classWeights) {
        MultiLayerNetwork net = LocalNetworks.get(confJson, params, null);
        EvalSums sums = EvalSums.empty(head, weighted);
        int w = b.labelWidth();
        float[] rowWeights = weighted ? new float[Math.min(CHUNK, b.rows())] : null;
        for (int start = 0; start < b.rows(); start += CHUNK) {
            int n = Math.min(CHUNK, b.rows() - start);
            float[] out = output(net, Arrays.copyOfRange(b.x(), start * b.nIn(), (start + n) * b.nIn()), n, b.nIn());
            float[] y = Arrays.copyOfRange(b.y(), start * w, (start + n) * w);
            if (weighted) {
                for (int r = 0; r < n; r++) {
                    float c = classWeights == null ? 1f : classWeight(classWeights, y, r, w);
                    rowWeights[r] = b.w() == null ? c : c * b.w()[start + r];
                }
            }
            sums = accumulate(sums, out, y, n, w, head, rowWeights);
        }
        return sums;
    }

    /** Row r's class weight: of its one-hot class, or y * w1 + (1 - y) * w0 for a single sigmoid. */
    public static float classWeight(float[] classWeights, float[] y, int r, int width) {
        if (width == 1) {
            return y[r] * classWeights[1] + (1f - y[r]) * classWeights[0];
        }
        int c = 0;
        for (int j = 1; j < width; j++) {
            c = y[r * width + j] > y[r * width + c] ? j : c;
        }
        return classWeights[c];
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
        return accumulate(acc, out, y, n, w, head, null);
    }

    /**
     * As above; when {@code acc} keeps weighted sums, row r adds to them with weight {@code rowWeights[r]}
     * (null: every row weighs 1), and its arrays are reused too.
     */
    public static EvalSums accumulate(EvalSums acc, float[] out, float[] y, int n, int w, Head head,
                                      float[] rowWeights) {
        WeightedSums weighted = acc.weighted() == null ? null : accumulateWeighted(acc.weighted(), out, y, n, w, head,
                rowWeights);
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
                acc.labelSum() + ys, acc.labelSquares() + yy, ranks, pos, neg, weighted);
    }

    /** The weighted sums of {@link #accumulate}: the same per-row terms, each times the row's weight. */
    private static WeightedSums accumulateWeighted(WeightedSums acc, float[] out, float[] y, int n, int w, Head head,
                                                   float[] rowWeights) {
        int k = head.classification() ? head.classes().size() : 0;
        double[] confusion = acc.confusion();
        double[] ranks = acc.rankHits();
        double[] pos = acc.positiveScores();
        double[] neg = acc.negativeScores();
        double total = 0, loss = 0, se = 0, ae = 0, pe = 0, ys = 0, yy = 0, correct = 0;
        for (int r = 0; r < n; r++) {
            int o = r * w;
            double rw = rowWeights == null ? 1.0 : rowWeights[r];
            total += rw;
            loss += rw * Losses.row(head.loss(), out, y, o, w);
            if (head.classification()) {
                int truth = head.singleSigmoid() ? Math.round(y[o]) : predictedClass(y, o, head);
                int pred = predictedClass(out, o, head);
                confusion[truth * k + pred] += rw;
                correct += truth == pred ? rw : 0;
                ranks[rank(out, o, truth, head)] += rw;
                if (head.singleSigmoid() || k == 2) {
                    float score = head.singleSigmoid() ? out[o] : out[o + 1];
                    (truth == 1 ? pos : neg)[EvalSums.bin(score)] += rw;
                } else { // each (row, class) cell weighs the row's weight, as Keras broadcasts sample_weight
                    for (int c = 0; c < k; c++) {
                        (c == truth ? pos : neg)[EvalSums.bin(out[o + c])] += rw;
                    }
                }
            } else {
                double d = (double) out[o] - y[o];
                se += rw * d * d;
                ae += rw * Math.abs(d);
                pe += rw * 100.0 * Math.abs(d) / Math.max(Math.abs(y[o]), Losses.EPS);
                ys += rw * y[o];
                yy += rw * y[o] * y[o];
            }
        }
        return new WeightedSums(acc.weight() + total, acc.lossSum() + loss, acc.squaredError() + se,
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
