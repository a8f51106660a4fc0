package dev.sparkfit.config;

/** Distributed training engine: the built-in parameter averaging or the DL4J parameter averaging master. */
public enum Engine implements Keyed {
    AVERAGING, DL4J_PARAMAVG;

    @Override
    public String key() {
        return Keyed.lower(this).replace('_', '-');
    }

    /** Parses the YAML word {@code value} found at {@code keyPath}; fails with the allowed words. */
    public static Engine parse(String keyPath, String value) {
        return Keyed.parse(Engine.class, keyPath, value);
    }
}
