package dev.sparkfit.train;

import dev.sparkfit.eval.EvalSums;

import java.io.Serializable;

/**
 * One worker's contribution to an averaging round, or the sum of several. A single worker's result
 * carries its parameters and updater state as floats (half the bytes on the wire of a weighted
 * double sum); merging two results turns them into example-weighted sums kept in double, so that
 * dividing by the total count gives the weighted average whatever order Spark merges them in.
 * Also the loss summed over examples and the most minibatches any worker ran. A worker whose loss
 * became NaN or infinite reports {@code divergedPartition >= 0} instead and is never averaged in.
 * {@code running} sums the metrics of each minibatch's outputs before its step (Keras' running
 * training metrics), or is null when the worker's step does not produce them.
 */
public record WorkerResult(float[] params, float[] state, double[] paramSum, double[] stateSum, long examples,
                           double lossSum, int maxBatches, int divergedPartition, EvalSums running)
        implements Serializable {

    public static WorkerResult empty() {
        return new WorkerResult(null, null, null, null, 0, 0.0, 0, -1, null);
    }

    public static WorkerResult diverged(int partition) {
        return new WorkerResult(null, null, null, null, 0, 0.0, 0, partition, null);
    }

    /** A worker's parameters and state after it saw {@code examples} rows. */
    public static WorkerResult of(float[] params, float[] state, long examples, double lossSum, int batches,
                                  EvalSums running) {
        return new WorkerResult(params, state, null, null, examples, lossSum, batches, -1, running);
    }

    /**
     * A worker's result if its parameters and updater state are all finite, else {@link #diverged}: a
     * worker whose last step overflowed is never averaged in, even when the loss it reported was finite.
     */
    public static WorkerResult checked(float[] params, float[] state, long examples, double lossSum, int batches,
                                       int partition, EvalSums running) {
        if (!finite(params) || !finite(state) || !Double.isFinite(lossSum)) {
            return diverged(partition);
        }
        return of(params, state, examples, lossSum, batches, running);
    }

    private static boolean finite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    /** Sums two results; the left one's double sums are reused when it has them. */
    public WorkerResult merge(WorkerResult o) {
        int diverged = divergedPartition >= 0 ? divergedPartition : o.divergedPartition;
        EvalSums sums = running == null ? o.running : o.running == null ? running : running.merge(o.running);
        if (o.examples == 0 || examples == 0) {
            WorkerResult nonEmpty = examples == 0 ? o : this;
            return new WorkerResult(nonEmpty.params, nonEmpty.state, nonEmpty.paramSum, nonEmpty.stateSum,
                    nonEmpty.examples, lossSum + o.lossSum, Math.max(maxBatches, o.maxBatches), diverged, sums);
        }
        double[] p = add(weighted(paramSum, params, examples), o.paramSum, o.params, o.examples);
        double[] s = add(weighted(stateSum, state, examples), o.stateSum, o.state, o.examples);
        return new WorkerResult(null, null, p, s, examples + o.examples, lossSum + o.lossSum,
                Math.max(maxBatches, o.maxBatches), diverged, sums);
    }

    /** The example-weighted mean of the parameters. */
    public float[] meanParams() {
        return mean(paramSum, params);
    }

    public float[] meanState() {
        return mean(stateSum, state);
    }

    private float[] mean(double[] sum, float[] single) {
        if (sum == null) {
            return single.clone();
        }
        float[] out = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            out[i] = (float) (sum[i] / examples);
        }
        return out;
    }

    private static double[] weighted(double[] sum, float[] v, long n) {
        if (sum != null) {
            return sum;
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (double) v[i] * n;
        }
        return out;
    }

    private static double[] add(double[] acc, double[] sum, float[] v, long n) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += sum != null ? sum[i] : (double) v[i] * n;
        }
        return acc;
    }
}
