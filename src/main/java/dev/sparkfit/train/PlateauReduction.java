package dev.sparkfit.train;

import dev.sparkfit.config.ReduceLrSpec;

/**
 * Keras' ReduceLROnPlateau as a state machine over epochs: after {@code patience} epochs in which the
 * monitor did not improve by more than {@code min_delta}, the learning-rate factor is multiplied by
 * {@code factor} (the rate never below {@code min_lr}), then {@code cooldown} epochs pass before epochs
 * without improvement count again. Its state goes into checkpoints.
 */
public final class PlateauReduction {

    /** What a checkpoint keeps: the best value, epochs waited, cooldown left and the factor reached. */
    public record State(double best, int epochsWaited, int cooldownLeft, double factor) {
    }

    private final ReduceLrSpec spec;
    private final boolean minimize;
    private final double baseRate;
    private State state;

    /** @param baseRate the optimizer's learning rate, which {@code min_lr} bounds once multiplied by the factor */
    PlateauReduction(ReduceLrSpec spec, double baseRate) {
        this.spec = spec;
        this.baseRate = baseRate;
        this.minimize = spec.minimize();
        this.state = new State(minimize ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY, 0, 0, 1.0);
    }

    /** Records an epoch's monitored value; returns the factor for the following epochs. */
    double update(double value) {
        if (!spec.enabled()) {
            return 1.0;
        }
        double best = state.best();
        int wait = state.epochsWaited();
        int cooldown = state.cooldownLeft();
        double factor = state.factor();
        if (cooldown > 0) {
            cooldown--;
            wait = 0;
        }
        boolean improved = minimize ? value < best - spec.minDelta() : value > best + spec.minDelta();
        if (improved) {
            best = value;
            wait = 0;
        } else if (cooldown == 0) {
            wait++;
            if (wait >= spec.patience()) {
                double lr = baseRate * factor;
                if (lr > spec.minLr()) {
                    factor = Math.max(lr * spec.factor(), spec.minLr()) / baseRate;
                    cooldown = spec.cooldown();
                    wait = 0;
                }
            }
        }
        state = new State(best, wait, cooldown, factor);
        return factor;
    }

    State state() {
        return state;
    }

    void restore(State s) {
        if (s != null) {
            state = s;
        }
    }

    double factor() {
        return state.factor();
    }
}
