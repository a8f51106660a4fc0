package dev.sparkfit.train;

import java.io.Serializable;

/**
 * What the driver broadcasts at the start of an averaging round: the flattened network parameters,
 * the flattened updater state (Adam's moments, momentum, ...; empty for plain SGD) and the global
 * iteration and epoch counters that DL4J's updaters use (Adam's bias correction, schedules).
 */
public record ParamState(float[] params, float[] updaterState, int iteration, int epoch) implements Serializable {
}
