package dev.sparkfit.config;

/** Gradient descent optimizer, in Keras words. */
public enum OptimizerName implements Keyed {
    SGD, NESTEROV, ADAM, RMSPROP, ADAGRAD;

    @Override
    public String key() {
        return Keyed.lower(this);
    }

    /** Parses the YAML word {@code value} found at {@code keyPath}; fails with the allowed words. */
    public static OptimizerName parse(String keyPath, String value) {
        return Keyed.parse(OptimizerName.class, keyPath, value);
    }
}
