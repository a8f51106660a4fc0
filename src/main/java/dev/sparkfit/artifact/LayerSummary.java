package dev.sparkfit.artifact;

/**
 * One row of a Keras-style model summary.
 *
 * @param name       layer name, e.g. "dense_1"
 * @param type       layer type, e.g. "Dense"
 * @param inputs     number of inputs (fan-in)
 * @param units      number of outputs
 * @param activation activation function name, e.g. "relu"
 * @param params     trainable parameter count
 */
public record LayerSummary(String name, String type, int inputs, int units, String activation, long params) {
}
