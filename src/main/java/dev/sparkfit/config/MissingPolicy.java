package dev.sparkfit.config;

/** What to do with missing feature values: fill with the column mean, fill with zero, or fail. */
public enum MissingPolicy implements Keyed {
    MEAN, ZERO, FAIL;

    @Override
    public String key() {
        return Keyed.lower(this);
    }

    /** Parses the YAML word {@code value} found at {@code keyPath}; fails with the allowed words. */
    public static MissingPolicy parse(String keyPath, String value) {
        return Keyed.parse(MissingPolicy.class, keyPath, value);
    }
}
