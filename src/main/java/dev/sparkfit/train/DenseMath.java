package dev.sparkfit.train;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMAE;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

import java.nio.FloatBuffer;

/**
 * The element-wise parts of a dense layer, written as DL4J 1.0.0-M2 defines them (ActivationReLU,
 * LossMCXENT and friends): activations and their derivatives, and the output losses with their
 * gradients. Each works on {@code n} row-major rows of width {@code w} in native buffers.
 */
final class DenseMath {

    enum Kind { IDENTITY, RELU, LEAKYRELU, ELU, TANH, SIGMOID, SOFTMAX }

    /** An activation with its parameter (the slope of LeakyReLU, the alpha of ELU). */
    record Fn(Kind kind, float alpha) {
    }

    enum Loss { MCXENT, XENT, MSE, MAE }

    private static final float SOFTMAX_CLIP = 1e-10f; // LossMCXENT's default softmaxClipEps
    private static final double XENT_CLIP = LossBinaryXENT.DEFAULT_CLIPPING_EPSILON;

    private DenseMath() {
    }

    /** The activation, or null when DL4J's one has settings this class does not reproduce. */
    static Fn fn(IActivation a) {
        if (a instanceof ActivationReLU r) {
            boolean plain = r.getMax() == null && r.getThreshold() == null && r.getNegativeSlope() == null;
            return plain ? new Fn(Kind.RELU, 0f) : null; // max / threshold / slope variants are not here
        }
        if (a instanceof ActivationLReLU l) {
            return new Fn(Kind.LEAKYRELU, (float) l.getAlpha());
        }
        if (a instanceof ActivationELU e) {
            return new Fn(Kind.ELU, (float) e.getAlpha());
        }
        if (a instanceof ActivationTanH) {
            return new Fn(Kind.TANH, 0f);
        }
        if (a instanceof ActivationSigmoid) {
            return new Fn(Kind.SIGMOID, 0f);
        }
        if (a instanceof ActivationIdentity) {
            return new Fn(Kind.IDENTITY, 0f);
        }
        return a instanceof ActivationSoftmax ? new Fn(Kind.SOFTMAX, 0f) : null;
    }

    /** The loss, or null when DL4J's one is weighted or otherwise not reproduced here. */
    static Loss loss(ILossFunction l) {
        if (l instanceof LossMCXENT m && m.getWeights() == null && m.getSoftmaxClipEps() == 1e-10) {
            return Loss.MCXENT;
        }
        if (l instanceof LossBinaryXENT x && x.getWeights() == null && x.getClipEps() == XENT_CLIP) {
            return Loss.XENT;
        }
        if (l instanceof LossMSE m && m.getWeights() == null) {
            return Loss.MSE;
        }
        return l instanceof LossMAE m && m.getWeights() == null ? Loss.MAE : null;
    }

    /** a = f(z) for {@code n} rows of width {@code w}. */
    static void forward(Fn f, FloatBuffer z, FloatBuffer a, int n, int w) {
        int len = n * w;
        switch (f.kind()) {
            case IDENTITY -> { for (int i = 0; i < len; i++) a.put(i, z.get(i)); }
            case RELU -> { for (int i = 0; i < len; i++) a.put(i, Math.max(0f, z.get(i))); }
            case LEAKYRELU -> { for (int i = 0; i < len; i++) { float v = z.get(i); a.put(i, v > 0 ? v : f.alpha() * v); } }
            case ELU -> { for (int i = 0; i < len; i++) { float v = z.get(i); a.put(i, v > 0 ? v : (float) (f.alpha() * Math.expm1(v))); } }
            case TANH -> { for (int i = 0; i < len; i++) a.put(i, (float) Math.tanh(z.get(i))); }
            case SIGMOID -> { for (int i = 0; i < len; i++) a.put(i, sigmoid(z.get(i))); }
            case SOFTMAX -> softmax(z, a, n, w);
        }
    }

    /** d = d * f'(z), in place, where a = f(z) (never softmax: that is folded into its loss). */
    static void backward(Fn f, FloatBuffer z, FloatBuffer a, FloatBuffer d, int len) {
        switch (f.kind()) {
            case IDENTITY -> { }
            case RELU -> { for (int i = 0; i < len; i++) if (!(z.get(i) > 0)) d.put(i, 0f); }
            case LEAKYRELU -> { for (int i = 0; i < len; i++) if (!(z.get(i) > 0)) d.put(i, d.get(i) * f.alpha()); }
            case ELU -> { for (int i = 0; i < len; i++) if (!(z.get(i) > 0)) d.put(i, d.get(i) * (a.get(i) + f.alpha())); }
            case TANH -> { for (int i = 0; i < len; i++) { float t = a.get(i); d.put(i, d.get(i) * (1f - t * t)); } }
            case SIGMOID -> { for (int i = 0; i < len; i++) { float s = a.get(i); d.put(i, d.get(i) * s * (1f - s)); } }
            case SOFTMAX -> throw new IllegalStateException("softmax is only an output activation here");
        }
    }

    /**
     * The summed loss of {@code n} rows (DL4J's per-row score, before dividing by the minibatch),
     * and {@code d = scale * dLoss/dz} in the output layer's gradient buffer.
     */
    static double lossAndGradient(Loss loss, Fn f, FloatBuffer z, FloatBuffer a, float[] y, FloatBuffer d, int n,
                                  int w, float scale) {
        return lossAndGradient(loss, f, z, a, y, d, n, w, scale, null);
    }

    /**
     * As above, each row's loss and gradient times {@code rowWeights[r]} (null: unweighted), as DL4J
     * applies a per-row label mask.
     */
    static double lossAndGradient(Loss loss, Fn f, FloatBuffer z, FloatBuffer a, float[] y, FloatBuffer d, int n,
                                  int w, float scale, float[] rowWeights) {
        if (rowWeights == null) {
            return unweighted(loss, f, z, a, y, d, n, w, scale);
        }
        // Row by row: the same formulas on one row at a time (offsets into the buffers), weighted.
        double sum = 0;
        for (int r = 0; r < n; r++) {
            double rowLoss = unweightedRow(loss, a, y, d, r * w, w, scale * rowWeights[r]);
            sum += rowLoss * rowWeights[r];
        }
        if (loss != Loss.MCXENT) {
            backward(f, z, a, d, n * w);
        }
        return sum;
    }

    /** One row's loss at offset {@code o}, and {@code d = scale * dLoss/da} (dLoss/dz for softmax cross-entropy). */
    private static double unweightedRow(Loss loss, FloatBuffer a, float[] y, FloatBuffer d, int o, int w, float scale) {
        double sum = 0;
        for (int i = o; i < o + w; i++) {
            float p = a.get(i);
            switch (loss) {
                case MCXENT -> {
                    if (y[i] != 0f) {
                        sum -= y[i] * Math.log(Math.max(p, SOFTMAX_CLIP));
                    }
                    d.put(i, (p - y[i]) * scale);
                }
                case XENT -> {
                    float lo = (float) XENT_CLIP, hi = (float) (1.0 - XENT_CLIP);
                    float c = Math.min(hi, Math.max(lo, p));
                    sum -= y[i] * Math.log(c) + (1f - y[i]) * Math.log(1f - c);
                    d.put(i, (c - y[i]) / (c * (1f - c)) * scale);
                }
                case MSE -> {
                    float diff = p - y[i];
                    sum += (double) diff * diff / w;
                    d.put(i, 2f * diff / w * scale);
                }
                case MAE -> {
                    float diff = p - y[i];
                    sum += Math.abs(diff) / (double) w;
                    d.put(i, Math.signum(diff) / w * scale);
                }
            }
        }
        return sum;
    }

    private static double unweighted(Loss loss, Fn f, FloatBuffer z, FloatBuffer a, float[] y, FloatBuffer d, int n,
                                     int w, float scale) {
        int len = n * w;
        double sum = 0;
        switch (loss) {
            case MCXENT -> { // softmax and cross-entropy together: dL/dz = p - y
                for (int i = 0; i < len; i++) {
                    float p = a.get(i);
                    if (y[i] != 0f) {
                        sum -= y[i] * Math.log(Math.max(p, SOFTMAX_CLIP));
                    }
                    d.put(i, (p - y[i]) * scale);
                }
                return sum;
            }
            case XENT -> {
                float lo = (float) XENT_CLIP, hi = (float) (1.0 - XENT_CLIP);
                for (int i = 0; i < len; i++) {
                    float p = Math.min(hi, Math.max(lo, a.get(i)));
                    sum -= y[i] * Math.log(p) + (1f - y[i]) * Math.log(1f - p);
                    d.put(i, (p - y[i]) / (p * (1f - p)) * scale);
                }
            }
            case MSE -> {
                for (int i = 0; i < len; i++) {
                    float diff = a.get(i) - y[i];
                    sum += (double) diff * diff / w;
                    d.put(i, 2f * diff / w * scale);
                }
            }
            case MAE -> {
                for (int i = 0; i < len; i++) {
                    float diff = a.get(i) - y[i];
                    sum += Math.abs(diff) / (double) w;
                    d.put(i, Math.signum(diff) / w * scale);
                }
            }
        }
        backward(f, z, a, d, len);
        return sum;
    }

    private static float sigmoid(float v) {
        return (float) (1.0 / (1.0 + Math.exp(-v)));
    }

    private static void softmax(FloatBuffer z, FloatBuffer a, int n, int w) {
        for (int r = 0; r < n; r++) {
            int o = r * w;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < w; j++) {
                max = Math.max(max, z.get(o + j));
            }
            float total = 0f;
            for (int j = 0; j < w; j++) {
                float e = (float) Math.exp(z.get(o + j) - max);
                a.put(o + j, e);
                total += e;
            }
            for (int j = 0; j < w; j++) {
                a.put(o + j, a.get(o + j) / total);
            }
        }
    }
}
