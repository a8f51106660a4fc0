package dev.sparkfit.eval;

import dev.sparkfit.model.Head;

import java.io.Serializable;

/**
 * The sums of {@link EvalSums} with every row counted by its weight instead of once: {@code weight} is
 * the rows' summed weight, the counts (correct predictions, confusion cells, rank hits, score histograms)
 * are summed weights, the errors and losses are weighted sums. What {@code model.weighted_metrics} are
 * computed from, as Keras' metrics take {@code sample_weight}; unweighted sums convert to this form
 * exactly ({@link EvalSums#counted}), so one set of formulas ({@link Metrics}) serves both.
 */
public record WeightedSums(double weight, double lossSum, double squaredError, double absoluteError, double correct,
                           double[] confusion, double percentError, double labelSum, double labelSquares,
                           double[] rankHits, double[] positiveScores, double[] negativeScores) implements Serializable {

    public static WeightedSums empty(Head head) {
        int k = head.classification() ? head.classes().size() : 0;
        int bins = head.classification() ? EvalSums.BINS : 0;
        return new WeightedSums(0, 0, 0, 0, 0, new double[k * k], 0, 0, 0, new double[k], new double[bins],
                new double[bins]);
    }

    public WeightedSums merge(WeightedSums o) {
        return new WeightedSums(weight + o.weight, lossSum + o.lossSum, squaredError + o.squaredError,
                absoluteError + o.absoluteError, correct + o.correct, add(confusion, o.confusion),
                percentError + o.percentError, labelSum + o.labelSum, labelSquares + o.labelSquares,
                add(rankHits, o.rankHits), add(positiveScores, o.positiveScores), add(negativeScores, o.negativeScores));
    }

    private static double[] add(double[] a, double[] b) {
        double[] c = a.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] += b[i];
        }
        return c;
    }

    /** The confusion matrix (summed weights) as rows of true classes, columns of predicted classes. */
    public double[][] confusionMatrix() {
        int k = (int) Math.round(Math.sqrt(confusion.length));
        double[][] m = new double[k][k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(confusion, i * k, m[i], 0, k);
        }
        return m;
    }
}
