package dev.sparkfit.config;

/**
 * Distributed training engine: the built-in parameter averaging (each worker's step fused for dense
 * networks, DL4J's {@code fit} otherwise), the same with DL4J's {@code fit} always, or the DL4J
 * parameter averaging master.
 */
public enum Engine implements Keyed {
    AVERAGING, AVERAGING_DL4J_FIT, DL4J_PARAMAVG;

    @Override
    public String key() {
        return Keyed.lower(this).replace('_', '-');
    }

    /** Parses the YAML word {@code value} found at {@code keyPath}; fails with the allowed words. */
    public static Engine parse(String keyPath, String value) {
        return Keyed.parse(Engine.class, keyPath, value);
    }
}
