package dev.sparkfit.config;

/** One hidden dense layer: {@code units >= 1} neurons with an activation. */
public record LayerSpec(int units, Activation activation) {

    public LayerSpec {
        Check.atLeast("model.hidden[].units", units, 1);
        Check.required("model.hidden[].activation", activation);
    }

    /** A layer with the default activation, relu. */
    public static LayerSpec of(int units) {
        return new LayerSpec(units, Activation.RELU);
    }
}
