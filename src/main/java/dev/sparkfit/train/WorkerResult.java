package dev.sparkfit.train;

import java.io.Serializable;

/**
 * One worker's contribution to an averaging round, and the sum of several: parameters and updater
 * state multiplied by the worker's example count (so that dividing the sum by the total count gives
 * the example-weighted average), the loss summed over examples, and the most minibatches any
 * worker ran. A worker whose loss became NaN or infinite reports {@code divergedPartition >= 0}
 * instead and is never averaged in.
 */
public record WorkerResult(double[] paramSum, double[] stateSum, long examples, double lossSum,
                           int maxBatches, int divergedPartition) implements Serializable {

    public static WorkerResult empty() {
        return new WorkerResult(null, null, 0, 0.0, 0, -1);
    }

    public static WorkerResult diverged(int partition) {
        return new WorkerResult(null, null, 0, 0.0, 0, partition);
    }

    /** A worker's parameters and state after it saw {@code examples} rows. */
    public static WorkerResult of(float[] params, float[] state, long examples, double lossSum, int batches) {
        return new WorkerResult(scaled(params, examples), scaled(state, examples), examples, lossSum, batches, -1);
    }

    /** Sums two results; arrays are summed in place into the left one when it has them. */
    public WorkerResult merge(WorkerResult o) {
        int diverged = divergedPartition >= 0 ? divergedPartition : o.divergedPartition;
        return new WorkerResult(add(paramSum, o.paramSum), add(stateSum, o.stateSum), examples + o.examples,
                lossSum + o.lossSum, Math.max(maxBatches, o.maxBatches), diverged);
    }

    /** The example-weighted mean of the parameters. */
    public float[] meanParams() {
        return mean(paramSum);
    }

    public float[] meanState() {
        return mean(stateSum);
    }

    private float[] mean(double[] sum) {
        float[] out = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            out[i] = (float) (sum[i] / examples);
        }
        return out;
    }

    // Sums are kept in double: the order in which Spark combines partial results then leaves no trace.
    private static double[] scaled(float[] v, long n) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (double) v[i] * n;
        }
        return out;
    }

    private static double[] add(double[] a, double[] b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }
}
