package dev.sparkfit.config;

/**
 * How the workers' learning rate grows with their number K: {@code none}, {@code sqrt} (x sqrt(K), the
 * usual rule for Adam) or {@code linear} (x K, Goyal et al. 2017); {@code auto} picks by the worker count.
 */
public enum LrScaling implements Keyed {
    AUTO, NONE, SQRT, LINEAR;

    @Override
    public String key() {
        return Keyed.lower(this);
    }

    /** The factor for {@code workers} workers ({@code auto} must be resolved first). */
    public double factor(int workers) {
        return switch (this) {
            case NONE -> 1.0;
            case SQRT -> Math.sqrt(workers);
            case LINEAR -> workers;
            case AUTO -> throw new IllegalStateException("training.lr_scaling: auto must be resolved first");
        };
    }

    /** Parses the YAML word {@code value} found at {@code keyPath}; fails with the allowed words. */
    public static LrScaling parse(String keyPath, String value) {
        return Keyed.parse(LrScaling.class, keyPath, value);
    }
}
