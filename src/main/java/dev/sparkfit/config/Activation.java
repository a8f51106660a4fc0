package dev.sparkfit.config;

/** Activation function of a layer, in Keras words. */
public enum Activation implements Keyed {
    RELU, LEAKYRELU, ELU, TANH, SIGMOID, SOFTMAX, IDENTITY;

    @Override
    public String key() {
        return Keyed.lower(this);
    }

    /** Parses the YAML word {@code value} found at {@code keyPath}; fails with the allowed words. */
    public static Activation parse(String keyPath, String value) {
        return Keyed.parse(Activation.class, keyPath, value);
    }
}
