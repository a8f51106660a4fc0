package dev.sparkfit.data;

import java.io.Serializable;

/**
 * All rows of one partition packed into two row-major float arrays: {@code x} holds
 * {@code rows * nIn} features, {@code y} holds {@code rows * labelWidth} targets (a value for
 * regression, a one-hot vector or a 0/1 for classification), and {@code w} each row's sample weight
 * ({@code data.weight}; null when the rows are unweighted). Built once and cached; every epoch
 * slices minibatches out of it, so training makes no per-row objects.
 */
public record Block(int partition, int rows, int nIn, int labelWidth, float[] x, float[] y, float[] w)
        implements Serializable {

    /** Unweighted rows. */
    public Block(int partition, int rows, int nIn, int labelWidth, float[] x, float[] y) {
        this(partition, rows, nIn, labelWidth, x, y, null);
    }

    /** Copies rows {@code order[from..to)} into the given buffers, densely. */
    public void gather(int[] order, int from, int to, float[] xOut, float[] yOut) {
        for (int i = from; i < to; i++) {
            int r = order[i];
            System.arraycopy(x, r * nIn, xOut, (i - from) * nIn, nIn);
            System.arraycopy(y, r * labelWidth, yOut, (i - from) * labelWidth, labelWidth);
        }
    }

    /** Copies the sample weights of rows {@code order[from..to)} into {@code wOut}; only when {@link #w} is set. */
    public void gatherWeights(int[] order, int from, int to, float[] wOut) {
        for (int i = from; i < to; i++) {
            wOut[i - from] = w[order[i]];
        }
    }
}
