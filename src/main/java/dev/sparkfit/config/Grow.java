package dev.sparkfit.config;

/** How a capacity search grows the network: wider layers, one more layer, or both at each step. */
public enum Grow implements Keyed {
    WIDTH, DEPTH, BOTH;

    @Override
    public String key() {
        return Keyed.lower(this);
    }

    /** Parses the YAML word {@code value} found at {@code keyPath}; fails with the allowed words. */
    public static Grow parse(String keyPath, String value) {
        return Keyed.parse(Grow.class, keyPath, value);
    }
}
