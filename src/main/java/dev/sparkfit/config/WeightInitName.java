package dev.sparkfit.config;

/** Weight initialisation scheme; {@code auto} is chosen from the activation. */
public enum WeightInitName implements Keyed {
    AUTO, HE, XAVIER, LECUN, NORMAL, UNIFORM;

    @Override
    public String key() {
        return Keyed.lower(this);
    }

    /** Parses the YAML word {@code value} found at {@code keyPath}; fails with the allowed words. */
    public static WeightInitName parse(String keyPath, String value) {
        return Keyed.parse(WeightInitName.class, keyPath, value);
    }
}
