package dev.sparkfit.config;

/**
 * What each averaging round does with the workers' optimizer state (Adam's moments, momentum):
 * {@code average} it, example-weighted like the parameters, or {@code reset} it, so that every round
 * starts each worker's optimizer afresh (Adam's bias correction restarts with it).
 */
public enum OptimizerState implements Keyed {
    AVERAGE, RESET;

    @Override
    public String key() {
        return Keyed.lower(this);
    }

    /** Parses the YAML word {@code value} found at {@code keyPath}; fails with the allowed words. */
    public static OptimizerState parse(String keyPath, String value) {
        return Keyed.parse(OptimizerState.class, keyPath, value);
    }
}
