package dev.sparkfit.train;

import dev.sparkfit.config.OuterOptimizerName;

import java.util.Locale;

/**
 * The driver's outer optimizer. Each averaging round starts every worker from the same parameters
 * {@code x}; with {@code m} the example-weighted mean of the workers' parameters after the round,
 * {@code g = m - x} is the round's pseudo-gradient (a step, pointing downhill). Then, with outer
 * learning rate {@code lr} and momentum {@code mu}, and {@code u} the momentum buffer:
 * <ul>
 *   <li>{@code none}: {@code x <- m} (plain parameter averaging);</li>
 *   <li>{@code momentum}: {@code u <- mu u + g; x <- x + lr u}: BMUF's classical block momentum
 *       (Chen and Huo 2016; block learning rate {@code lr}, block momentum {@code mu}), SlowMo's slow
 *       momentum (Wang et al. 2020);</li>
 *   <li>{@code nesterov}: {@code u <- mu u + g; x <- x + lr (g + mu u)}: BMUF's Nesterov block
 *       momentum, where the next block starts from the look-ahead point, and DiLoCo's outer Nesterov
 *       (Douillard et al. 2023).</li>
 * </ul>
 * With {@code lr} 1 and {@code mu} 0 both reduce to plain averaging. The arithmetic runs in double and
 * the buffer is kept in the parameters' order, in checkpoints too.
 */
public record OuterStep(OuterOptimizerName kind, double learningRate, double momentum) {

    public OuterStep {
        if (kind == OuterOptimizerName.AUTO) {
            throw new IllegalArgumentException("the outer optimizer must be resolved first");
        }
    }

    public static OuterStep none() {
        return new OuterStep(OuterOptimizerName.NONE, 1.0, 0.0);
    }

    /** True when the step keeps a momentum buffer. */
    boolean keepsMomentum() {
        return kind != OuterOptimizerName.NONE;
    }

    /**
     * The weights after a round that started from {@code start} and whose workers' mean parameters and
     * optimizer state are {@code mean} and {@code meanState}.
     */
    Weights apply(Weights start, float[] mean, float[] meanState) {
        if (kind == OuterOptimizerName.NONE) {
            return new Weights(mean, meanState, null);
        }
        float[] x = start.params();
        float[] u = start.outerMomentum() == null ? new float[x.length] : start.outerMomentum().clone();
        float[] next = new float[x.length];
        boolean nesterov = kind == OuterOptimizerName.NESTEROV;
        for (int i = 0; i < x.length; i++) {
            double g = (double) mean[i] - x[i];
            double v = momentum * u[i] + g;
            u[i] = (float) v;
            next[i] = (float) (x[i] + learningRate * (nesterov ? g + momentum * v : v));
        }
        return new Weights(next, meanState, u);
    }

    /** For the console: {@code nesterov (learning rate 1.0, momentum 0.9)}, or {@code none}. */
    public String describe() {
        return kind == OuterOptimizerName.NONE ? "none (plain averaging)"
                : String.format(Locale.ROOT, "%s (learning rate %s, momentum %s)", kind.key(), trim(learningRate),
                        trim(momentum));
    }

    static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", ".0") : s;
    }
}
