package dev.sparkfit.train;

import java.io.Serializable;

/**
 * What the driver broadcasts at the start of an averaging round: the flattened network parameters,
 * the flattened updater state (Adam's moments, momentum, ...; empty for plain SGD), the iteration and
 * epoch counters that DL4J's updaters use (Adam's bias correction, schedules), and the learning rate
 * every worker's step uses, as a function of those counters.
 */
public record ParamState(float[] params, float[] updaterState, int iteration, int epoch, LearningRate learningRate)
        implements Serializable {
}
