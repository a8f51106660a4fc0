package dev.sparkfit.eval;

import dev.sparkfit.model.Head;

import java.io.Serializable;

/**
 * Additive sums from scoring rows against a network, from which every metric of {@link Metrics} follows:
 * summed loss, squared, absolute and percentage errors, the labels' sum and sum of squares (R²), correct
 * predictions, the confusion counts (true class major), how often the true class was ranked r-th
 * ({@code rankHits}, top-k accuracy for every k), and histograms of the scores of positive and negative
 * examples in {@link #BINS} equal bins of [0, 1] (ROC and precision-recall AUC, as Keras' AUC with
 * {@code num_thresholds}). Partial sums from each partition are added with {@link #merge}; only these
 * sums reach the driver. Arrays added later are null in sums read from older checkpoints. {@code weighted}
 * holds the same sums with each row counted by its weight ({@code model.weighted_metrics}), or is null
 * when the run reports no weighted metric.
 */
public record EvalSums(long rows, double lossSum, double squaredError, double absoluteError,
                       long correct, long[] confusion, double percentError, double labelSum, double labelSquares,
                       long[] rankHits, long[] positiveScores, long[] negativeScores, WeightedSums weighted)
        implements Serializable {

    /** Score histogram bins; the AUCs are within about 1/BINS of the exact ones on untied scores. */
    public static final int BINS = 1000;

    public static EvalSums empty(Head head) {
        return empty(head, false);
    }

    /** Empty sums; with {@code weighted}, also the weighted sums {@code model.weighted_metrics} need. */
    public static EvalSums empty(Head head, boolean weighted) {
        int k = head.classification() ? head.classes().size() : 0;
        int bins = head.classification() ? BINS : 0;
        return new EvalSums(0, 0, 0, 0, 0, new long[k * k], 0, 0, 0, new long[k], new long[bins], new long[bins],
                weighted ? WeightedSums.empty(head) : null);
    }

    public EvalSums merge(EvalSums o) {
        return new EvalSums(rows + o.rows, lossSum + o.lossSum, squaredError + o.squaredError,
                absoluteError + o.absoluteError, correct + o.correct, add(confusion, o.confusion),
                percentError + o.percentError, labelSum + o.labelSum, labelSquares + o.labelSquares,
                add(rankHits, o.rankHits), add(positiveScores, o.positiveScores), add(negativeScores, o.negativeScores),
                weighted == null || o.weighted == null ? null : weighted.merge(o.weighted));
    }

    /** These sums as weighted sums in which every row weighs 1 (exact: counts stay integers in a double). */
    public WeightedSums counted() {
        return new WeightedSums(rows, lossSum, squaredError, absoluteError, correct, doubles(confusion), percentError,
                labelSum, labelSquares, doubles(rankHits), doubles(positiveScores), doubles(negativeScores));
    }

    private static double[] doubles(long[] v) {
        if (v == null) {
            return null;
        }
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static long[] add(long[] a, long[] b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? null : b.clone()) : a.clone();
        }
        long[] c = a.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] += b[i];
        }
        return c;
    }

    /** The confusion matrix as rows of true classes, columns of predicted classes. */
    public long[][] confusionMatrix() {
        int k = (int) Math.round(Math.sqrt(confusion.length));
        long[][] m = new long[k][k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(confusion, i * k, m[i], 0, k);
        }
        return m;
    }

    /** The histogram bin of a score in [0, 1]. */
    static int bin(double score) {
        int b = (int) (score * BINS);
        return Math.max(0, Math.min(BINS - 1, b));
    }
}
