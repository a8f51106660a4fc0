package dev.sparkfit.config;

/**
 * {@code training.reduce_lr_on_plateau}, as Keras' ReduceLROnPlateau: when {@code monitor} has not improved
 * by more than {@code minDelta} for {@code patience} epochs, multiply the learning rate by {@code factor}
 * (never below {@code minLr}), then wait {@code cooldown} epochs before counting again.
 */
public record ReduceLrSpec(boolean enabled, String monitor, double factor, int patience, double minDelta,
                           int cooldown, double minLr, Mode mode) {

    public ReduceLrSpec {
        monitor = EarlyStoppingSpec.checkMonitor("training.reduce_lr_on_plateau.monitor", monitor);
        if (!(factor > 0 && factor < 1)) {
            throw new SpecException("training.reduce_lr_on_plateau.factor: " + factor + " is not in (0, 1)");
        }
        Check.atLeast("training.reduce_lr_on_plateau.patience", patience, 0);
        Check.atLeast("training.reduce_lr_on_plateau.min_delta", minDelta, 0.0);
        Check.atLeast("training.reduce_lr_on_plateau.cooldown", cooldown, 0);
        Check.atLeast("training.reduce_lr_on_plateau.min_lr", minLr, 0.0);
        Check.required("training.reduce_lr_on_plateau.mode", mode);
    }

    /** Keras' defaults, off: val_loss, factor 0.1, patience 10, min_delta 1e-4, cooldown 0, min_lr 0. */
    public static ReduceLrSpec off() {
        return new ReduceLrSpec(false, "val_loss", 0.1, 10, 1e-4, 0, 0.0, Mode.AUTO);
    }

    /** True when smaller values of the monitor are better. */
    public boolean minimize() {
        return new EarlyStoppingSpec(true, monitor, 0, 0, mode, false).minimize();
    }

    /** As an early-stopping spec over the same monitor (for the shared monitor checks). */
    public EarlyStoppingSpec asStopping() {
        return new EarlyStoppingSpec(enabled, monitor, patience, minDelta, mode, false);
    }
}
