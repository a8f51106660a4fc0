package dev.sparkfit.config;

/**
 * {@code training.outer_optimizer}: the optimizer the driver applies to each averaging round's change.
 * {@code learningRate} and {@code momentum} are NaN for {@code auto} (chosen by the worker count).
 */
public record OuterOptimizerSpec(OuterOptimizerName name, double learningRate, double momentum) {

    static final String KEY = "training.outer_optimizer";

    public OuterOptimizerSpec {
        Check.required(KEY + ".name", name);
        if (!Double.isNaN(learningRate) && !(learningRate > 0 && learningRate <= 10)) {
            throw new SpecException(KEY + ".learning_rate: " + learningRate + " is not auto or a number in (0, 10]");
        }
        if (!Double.isNaN(momentum) && !(momentum >= 0 && momentum < 1)) {
            throw new SpecException(KEY + ".momentum: " + momentum + " is not auto or a number in [0, 1)");
        }
    }

    /** Everything auto. */
    public static OuterOptimizerSpec defaults() {
        return new OuterOptimizerSpec(OuterOptimizerName.AUTO, Double.NaN, Double.NaN);
    }

    /** Plain averaging, as before the outer step existed. */
    public static OuterOptimizerSpec none() {
        return new OuterOptimizerSpec(OuterOptimizerName.NONE, Double.NaN, Double.NaN);
    }
}
