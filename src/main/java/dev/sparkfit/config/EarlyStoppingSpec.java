package dev.sparkfit.config;

import java.util.List;

/** Stop training when {@code monitor} has not improved by {@code minDelta} for {@code patience} epochs. */
public record EarlyStoppingSpec(boolean enabled, String monitor, int patience, double minDelta, Mode mode,
                                boolean restoreBestWeights) {

    /** Metrics that can be monitored. */
    public static final List<String> MONITORS =
            List.of("loss", "val_loss", "accuracy", "val_accuracy", "mae", "val_mae");

    public EarlyStoppingSpec {
        Check.required("training.early_stopping.monitor", monitor);
        if (!MONITORS.contains(monitor)) {
            throw new SpecException("training.early_stopping.monitor: '" + monitor + "' is not one of "
                    + String.join(", ", MONITORS));
        }
        Check.atLeast("training.early_stopping.patience", patience, 0);
        Check.atLeast("training.early_stopping.min_delta", minDelta, 0.0);
        Check.required("training.early_stopping.mode", mode);
    }

    /** Enabled on val_loss, patience 2, restoring the best weights. */
    public static EarlyStoppingSpec defaults() {
        return new EarlyStoppingSpec(true, "val_loss", 2, 0.0, Mode.AUTO, true);
    }

    /** True when smaller values of the monitor are better; auto means max for accuracies, min otherwise. */
    public boolean minimize() {
        return switch (mode) {
            case MIN -> true;
            case MAX -> false;
            case AUTO -> !monitor.contains("accuracy");
        };
    }

    /** True when the monitor is computed on the validation split. */
    public boolean needsValidation() {
        return monitor.startsWith("val_");
    }

    public EarlyStoppingSpec withEnabled(boolean on) {
        return new EarlyStoppingSpec(on, monitor, patience, minDelta, mode, restoreBestWeights);
    }
}
