package dev.sparkfit.eval;

import java.io.Serializable;

/**
 * Additive counts behind {@link Diagnostics}, one set per partition, merged with {@link #merge}:
 * rows looked at, per hidden layer and unit the rows with a nonzero output and the rows with a
 * saturated output, and per layer (output layer included) the sum of per-minibatch gradient norms
 * over the minibatches looked at.
 */
public record DiagnosticSums(long rows, long[][] nonzero, long[][] saturated, double[] gradNormSums,
                             long batches) implements Serializable {

    /** Zero counts for hidden layers of {@code units[i]} units and {@code layers} layers in all. */
    public static DiagnosticSums empty(int[] units, int layers) {
        long[][] nonzero = new long[units.length][];
        long[][] saturated = new long[units.length][];
        for (int i = 0; i < units.length; i++) {
            nonzero[i] = new long[units[i]];
            saturated[i] = new long[units[i]];
        }
        return new DiagnosticSums(0, nonzero, saturated, new double[layers], 0);
    }

    public DiagnosticSums merge(DiagnosticSums o) {
        long[][] nz = new long[nonzero.length][];
        long[][] sat = new long[saturated.length][];
        for (int i = 0; i < nonzero.length; i++) {
            nz[i] = add(nonzero[i], o.nonzero[i]);
            sat[i] = add(saturated[i], o.saturated[i]);
        }
        double[] g = gradNormSums.clone();
        for (int i = 0; i < g.length; i++) {
            g[i] += o.gradNormSums[i];
        }
        return new DiagnosticSums(rows + o.rows, nz, sat, g, batches + o.batches);
    }

    private static long[] add(long[] a, long[] b) {
        long[] s = a.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] += b[i];
        }
        return s;
    }
}
