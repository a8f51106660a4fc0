package dev.sparkfit.eval;

import dev.sparkfit.config.LossName;

/**
 * Per-row losses as Keras defines them (mean over outputs for mse / mae / binary cross-entropy, sum
 * over classes for categorical cross-entropy), computed from the network's outputs. DL4J's own
 * training score uses the same formulas plus the l2 penalty.
 */
public final class Losses {

    /** Probabilities are clipped to [EPS, 1 - EPS] before the log, as Keras does. */
    static final double EPS = 1e-7;

    private Losses() {
    }

    /** The loss of one row: {@code out[o..o+w)} against {@code y[o..o+w)}. */
    public static double row(LossName loss, float[] out, float[] y, int o, int w) {
        double s = 0;
        for (int i = o; i < o + w; i++) {
            double p = out[i];
            double t = y[i];
            s += switch (loss) {
                case MSE -> (p - t) * (p - t);
                case MAE -> Math.abs(p - t);
                case CATEGORICAL_CROSSENTROPY -> t == 0 ? 0 : -t * Math.log(clip(p));
                case BINARY_CROSSENTROPY -> -(t * Math.log(clip(p)) + (1 - t) * Math.log(1 - clip(p)));
                case AUTO -> throw new IllegalArgumentException("loss must be resolved");
            };
        }
        return loss == LossName.CATEGORICAL_CROSSENTROPY ? s : s / w;
    }

    private static double clip(double p) {
        return Math.min(1 - EPS, Math.max(EPS, p));
    }
}
