package dev.sparkfit.config;

/**
 * Whether the early stopping monitor should go down ({@code min}), up ({@code max}), or be guessed from
 * its name ({@code auto}).
 */
public enum Mode implements Keyed {
    AUTO, MIN, MAX;

    @Override
    public String key() {
        return Keyed.lower(this);
    }

    /** Parses the YAML word {@code value} found at {@code keyPath}; fails with the allowed words. */
    public static Mode parse(String keyPath, String value) {
        return Keyed.parse(Mode.class, keyPath, value);
    }
}
