package dev.sparkfit.config;

/** Kind of learning problem; {@code auto} is decided later from the label column. */
public enum Task implements Keyed {
    AUTO, REGRESSION, CLASSIFICATION;

    @Override
    public String key() {
        return Keyed.lower(this);
    }

    /** Parses the YAML word {@code value} found at {@code keyPath}; fails with the allowed words. */
    public static Task parse(String keyPath, String value) {
        return Keyed.parse(Task.class, keyPath, value);
    }
}
