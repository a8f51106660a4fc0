package dev.sparkfit.train;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One worker's SGD step for a stack of dense layers, without DL4J's per-call machinery (workspaces,
 * listeners, per-layer gradient maps): the matrix products run in ND4J on buffers allocated once,
 * the element-wise parts in Java on the same native memory ({@link DenseMath}). The update is Adam or
 * plain SGD written out in Java as libnd4j computes them (see update()), any other updater DL4J's
 * own {@code GradientUpdater} on the flat gradient. Parameters, updater state and their layouts are DL4J's
 * (weights in 'f' order, then biases, layer by layer), so a network trained here saves, loads and
 * resumes as a {@code MultiLayerNetwork}; the tests hold each step to {@code MultiLayerNetwork.fit}.
 * Not thread-safe: one instance per executor thread. {@link FusedCoverage} says which networks it takes.
 */
final class FusedStep {

    private final int layers;
    private final int[] width;          // width[0] = inputs, width[l + 1] = units of layer l
    private final DenseMath.Fn[] fn;
    private final DenseMath.Loss loss;
    private final float[] l2;
    private final long[] wOffset;
    private final long[] bOffset;
    private final INDArray params;
    private final INDArray grad;
    private final INDArray state;
    private final FloatBuffer p;
    private final FloatBuffer g;
    private final INDArray[] w;
    private final INDArray[] dw;
    private final IUpdater config;
    private final GradientUpdater updater;
    private final FloatBuffer s;
    private final float[] ph;       // the parameters, and Adam's two moments, on the heap
    private final float[] gh;
    private final float[] mh;
    private final float[] vh;
    private final FloatBuffer xb;
    private final FloatBuffer[] zb;
    private final FloatBuffer[] ab;
    private final FloatBuffer[] db;
    private final int capacity;
    private final INDArray x;
    private final INDArray[] z;
    private final INDArray[] a;
    private final INDArray[] d;     // dLoss/dz of each layer (first dLoss/da, then multiplied in place)

    private static final ThreadLocal<Map<String, FusedStep>> STEPS = ThreadLocal.withInitial(HashMap::new);

    /** This thread's step for {@code confJson} and minibatches of up to {@code capacity} rows, kept between rounds. */
    static FusedStep forThread(String confJson, int capacity) {
        Map<String, FusedStep> steps = STEPS.get();
        if (steps.size() >= 4) {
            steps.clear(); // a thread that trained several networks (cv, capacity) keeps only recent ones
        }
        return steps.computeIfAbsent(capacity + " " + confJson,
                k -> new FusedStep(MultiLayerConfiguration.fromJson(confJson), capacity));
    }

    /** A step for {@code conf} (which {@link #unsupported} accepts) taking minibatches of up to {@code capacity} rows. */
    FusedStep(MultiLayerConfiguration conf, int capacity) {
        this.layers = conf.getConfs().size();
        this.capacity = capacity;
        width = new int[layers + 1];
        fn = new DenseMath.Fn[layers];
        l2 = new float[layers];
        wOffset = new long[layers];
        bOffset = new long[layers];
        long total = 0;
        for (int l = 0; l < layers; l++) {
            BaseLayer b = (BaseLayer) conf.getConf(l).getLayer();
            FeedForwardLayer ff = (FeedForwardLayer) b;
            width[l] = (int) ff.getNIn();
            width[l + 1] = (int) ff.getNOut();
            fn[l] = DenseMath.fn(b.getActivationFn());
            for (Regularization r : b.getRegularization()) {
                l2[l] += (float) ((L2Regularization) r).getL2().valueAt(0, 0);
            }
            wOffset[l] = total;
            total += ff.getNIn() * ff.getNOut();
            bOffset[l] = total;
            total += ff.getNOut();
        }
        loss = DenseMath.loss(((OutputLayer) conf.getConf(layers - 1).getLayer()).getLossFn());
        params = Nd4j.create(DataType.FLOAT, 1, total);
        grad = Nd4j.create(DataType.FLOAT, 1, total);
        p = floats(params);
        g = floats(grad);
        w = new INDArray[layers];
        dw = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            w[l] = weights(params, l);
            dw[l] = weights(grad, l);
        }
        config = ((BaseLayer) conf.getConf(0).getLayer()).getIUpdater();
        boolean adam = config instanceof Adam;
        boolean ours = adam || config instanceof Sgd; // see update(); other updaters keep DL4J's state natively
        state = ours || config.stateSize(total) == 0 ? null : Nd4j.create(DataType.FLOAT, 1, config.stateSize(total));
        s = state == null ? null : floats(state);
        updater = ours ? null : config.instantiate(state, false);
        ph = new float[(int) total];
        gh = new float[(int) total];
        mh = adam ? new float[(int) total] : null;
        vh = adam ? new float[(int) total] : null;
        x = Nd4j.create(DataType.FLOAT, capacity, width[0]);
        z = new INDArray[layers];
        a = new INDArray[layers];
        d = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            z[l] = Nd4j.create(DataType.FLOAT, capacity, width[l + 1]);
            a[l] = Nd4j.create(DataType.FLOAT, capacity, width[l + 1]);
            d[l] = Nd4j.create(DataType.FLOAT, capacity, width[l + 1]);
        }
        xb = floats(x);
        zb = Arrays.stream(z).map(FusedStep::floats).toArray(FloatBuffer[]::new);
        ab = Arrays.stream(a).map(FusedStep::floats).toArray(FloatBuffer[]::new);
        db = Arrays.stream(d).map(FusedStep::floats).toArray(FloatBuffer[]::new);
    }

    /** Loads flat parameters and, unless null or empty, updater state. */
    void load(float[] newParams, float[] newState) {
        System.arraycopy(newParams, 0, ph, 0, ph.length);
        p.put(0, ph);
        if (newState == null || newState.length == 0) {
            return;
        }
        if (mh != null) { // DL4J's Adam state: first moments, then second moments
            System.arraycopy(newState, 0, mh, 0, mh.length);
            System.arraycopy(newState, mh.length, vh, 0, vh.length);
        } else if (state != null) {
            s.put(0, newState);
        }
    }

    /** The learning rate of every following step, as DL4J's schedules give it, for every updater. */
    void learningRate(org.nd4j.linalg.schedule.ISchedule schedule) {
        config.setLrAndSchedule(Double.NaN, schedule);
    }

    float[] params() {
        return ph.clone();
    }

    float[] updaterState() {
        if (mh != null) {
            float[] out = Arrays.copyOf(mh, mh.length * 2);
            System.arraycopy(vh, 0, out, mh.length, vh.length);
            return out;
        }
        return state == null ? new float[0] : state.toFloatVector();
    }

    /**
     * One SGD step on the first {@code n} rows of {@code xs} / {@code ys}; returns DL4J's score for it
     * (mean loss plus the l2 penalty) and leaves the minibatch's outputs, before the update, in {@code out}.
     */
    double fit(float[] xs, float[] ys, int n, int iteration, int epoch, float[] out) {
        return fit(xs, ys, n, iteration, epoch, out, null);
    }

    /**
     * As above, with each row's loss and gradient multiplied by {@code rowWeights[r]} (null: 1), the sum
     * still divided by the minibatch size {@code n}, not by the weights' sum: Keras' rule for class
     * weights, and DL4J's for a per-row label mask.
     */
    double fit(float[] xs, float[] ys, int n, int iteration, int epoch, float[] out, float[] rowWeights) {
        xb.put(0, xs, 0, n * width[0]);
        INDArray in = rows(x, n);
        for (int l = 0; l < layers; l++) {
            INDArray zl = rows(z[l], n);
            Nd4j.gemm(in, w[l], zl, false, false, 1.0, 0.0);
            addBias(zb[l], l, n);
            DenseMath.forward(fn[l], zb[l], ab[l], n, width[l + 1]);
            in = rows(a[l], n);
        }
        int top = layers - 1, outW = width[layers];
        ab[top].get(0, out, 0, n * outW);
        // DL4J divides the summed gradient by the minibatch size; scaling dLoss/dz first is the same sum.
        double score = DenseMath.lossAndGradient(loss, fn[top], zb[top], ab[top], ys, db[top], n, outW,
                1f / n, rowWeights) / n + penalty();
        for (int l = top; l >= 0; l--) {
            INDArray dl = rows(d[l], n);
            Nd4j.gemm(l == 0 ? rows(x, n) : rows(a[l - 1], n), dl, dw[l], true, false, 1.0, 0.0);
            biasGradient(db[l], l, n);
            addL2(l);
            if (l > 0) {
                Nd4j.gemm(dl, w[l], rows(d[l - 1], n), false, true, 1.0, 0.0);
                DenseMath.backward(fn[l - 1], zb[l - 1], ab[l - 1], db[l - 1], n * width[l]);
            }
        }
        update(iteration, epoch);
        return score;
    }

    /**
     * DL4J's update: Adam and plain SGD written out here as libnd4j computes them (its Adam op is
     * slower than this loop at these sizes), any other updater through DL4J's own implementation.
     */
    private void update(int iteration, int epoch) {
        int len = ph.length;
        if (config instanceof Adam adam) {
            g.get(0, gh); // the loops run on heap copies, which the JIT vectorises; native buffers it does not
            float b1 = (float) adam.getBeta1(), b2 = (float) adam.getBeta2(), eps = (float) adam.getEpsilon();
            float b1t = (float) Math.pow(b1, iteration + 1), b2t = (float) Math.pow(b2, iteration + 1);
            float alpha = (float) adam.getLearningRate(iteration, epoch) * (float) Math.sqrt(1f - b2t) / (1f - b1t);
            if (!Float.isFinite(alpha) || alpha == 0f) {
                alpha = eps;
            }
            for (int i = 0; i < len; i++) {
                mh[i] = b1 * mh[i] + gh[i] * (1f - b1);
                vh[i] = b2 * vh[i] + gh[i] * gh[i] * (1f - b2);
                ph[i] -= mh[i] * alpha / ((float) Math.sqrt(vh[i]) + eps);
            }
            p.put(0, ph);
        } else if (config instanceof Sgd sgd) {
            g.get(0, gh);
            float lr = (float) sgd.getLearningRate(iteration, epoch);
            for (int i = 0; i < len; i++) {
                ph[i] -= gh[i] * lr;
            }
            p.put(0, ph);
        } else {
            updater.applyUpdater(grad, iteration, epoch);
            params.subi(grad);
            p.get(0, ph);
        }
    }

    private void addBias(FloatBuffer zl, int l, int n) {
        int units = width[l + 1];
        int b = (int) bOffset[l];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < units; j++) {
                zl.put(r * units + j, zl.get(r * units + j) + p.get(b + j));
            }
        }
    }

    private void biasGradient(FloatBuffer dl, int l, int n) {
        int units = width[l + 1];
        int b = (int) bOffset[l];
        for (int j = 0; j < units; j++) {
            float s = 0f;
            for (int r = 0; r < n; r++) {
                s += dl.get(r * units + j);
            }
            g.put(b + j, s);
        }
    }

    private void addL2(int l) {
        if (l2[l] > 0) { // DL4J's L2Regularization: gradient += l2 * weights, after the minibatch division
            for (int i = (int) wOffset[l], end = (int) bOffset[l]; i < end; i++) {
                g.put(i, g.get(i) + l2[l] * p.get(i));
            }
        }
    }

    private double penalty() {
        double s = 0;
        for (int l = 0; l < layers; l++) {
            if (l2[l] > 0) {
                double sq = 0;
                for (int i = (int) wOffset[l], end = (int) bOffset[l]; i < end; i++) {
                    sq += (double) p.get(i) * p.get(i);
                }
                s += 0.5 * l2[l] * sq;
            }
        }
        return s;
    }

    private INDArray weights(INDArray flat, int l) {
        return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(wOffset[l], bOffset[l]))
                .reshape('f', width[l], width[l + 1]);
    }

    private INDArray rows(INDArray buffer, int n) {
        return n == capacity ? buffer : buffer.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
    }

    private static FloatBuffer floats(INDArray arr) {
        return arr.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
