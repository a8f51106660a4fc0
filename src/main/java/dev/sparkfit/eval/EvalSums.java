package dev.sparkfit.eval;

import dev.sparkfit.model.Head;

import java.io.Serializable;

/**
 * Additive sums from scoring rows against a network: summed loss, squared and absolute errors,
 * correct predictions and the confusion counts (true class major). Partial sums from each
 * partition are added with {@link #merge}; {@link Metrics#of} turns the total into metrics.
 */
public record EvalSums(long rows, double lossSum, double squaredError, double absoluteError,
                       long correct, long[] confusion) implements Serializable {

    public static EvalSums empty(Head head) {
        int k = head.classification() ? head.classes().size() : 0;
        return new EvalSums(0, 0, 0, 0, 0, new long[k * k]);
    }

    public EvalSums merge(EvalSums o) {
        long[] c = confusion.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] += o.confusion[i];
        }
        return new EvalSums(rows + o.rows, lossSum + o.lossSum, squaredError + o.squaredError,
                absoluteError + o.absoluteError, correct + o.correct, c);
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
}
