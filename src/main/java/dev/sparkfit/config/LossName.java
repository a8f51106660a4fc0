package dev.sparkfit.config;

/** Loss function, in Keras words; {@code auto} is chosen from the task. */
public enum LossName implements Keyed {
    AUTO, MSE, MAE, CATEGORICAL_CROSSENTROPY, BINARY_CROSSENTROPY;

    @Override
    public String key() {
        return Keyed.lower(this);
    }

    /** Parses the YAML word {@code value} found at {@code keyPath}; fails with the allowed words. */
    public static LossName parse(String keyPath, String value) {
        return Keyed.parse(LossName.class, keyPath, value);
    }
}
