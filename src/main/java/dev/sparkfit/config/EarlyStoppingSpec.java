package dev.sparkfit.config;

import java.util.List;

/** Stop training when {@code monitor} has not improved by {@code minDelta} for {@code patience} epochs. */
public record EarlyStoppingSpec(boolean enabled, String monitor, int patience, double minDelta, Mode mode,
                                boolean restoreBestWeights) {

    public EarlyStoppingSpec {
        monitor = checkMonitor("training.early_stopping.monitor", monitor);
        Check.atLeast("training.early_stopping.patience", patience, 0);
        Check.atLeast("training.early_stopping.min_delta", minDelta, 0.0);
        Check.required("training.early_stopping.mode", mode);
    }

    /** Enabled on val_loss, patience 2, restoring the best weights. */
    public static EarlyStoppingSpec defaults() {
        return new EarlyStoppingSpec(true, "val_loss", 2, 0.0, Mode.AUTO, true);
    }

    /**
     * True when smaller values of the monitor are better; auto means max for accuracy, auc, pr_auc,
     * precision, recall, f1, top_k_accuracy and r2, min for losses and errors.
     */
    public boolean minimize() {
        return switch (mode) {
            case MIN -> true;
            case MAX -> false;
            case AUTO -> !MetricNames.higherIsBetter(monitor);
        };
    }

    /**
     * A monitor: loss or a metric name (or {@code weighted_} and one), either with {@code val_}. Whether the run computes that metric
     * ({@code model.metrics}) is checked with the model ({@link JobSpec}).
     */
    static String checkMonitor(String key, String monitor) {
        Check.required(key, monitor);
        String m = monitor.trim();
        String bare = m.startsWith("val_") ? m.substring(4) : m;
        String metric = bare.startsWith("weighted_") ? bare.substring(9) : bare; // a weighted metric's name
        if (!bare.equals("loss") && !MetricNames.all().contains(metric)) {
            List<String> known = new java.util.ArrayList<>(List.of("loss", "val_loss"));
            MetricNames.all().forEach(n -> known.add("val_" + n));
            String hint = Suggest.closest(m, known).map(s -> "did you mean '" + s + "'? ").orElse("");
            throw new SpecException(key + ": '" + monitor + "' is not loss or a metric, with or without val_ ("
                    + hint + "e.g. val_loss, val_accuracy, val_auc, val_mae)");
        }
        return m;
    }

    /**
     * What compare and capacity judge a model by: the monitored metric on the validation rows
     * ({@code val_auc} for a monitor {@code auc} or {@code val_auc}).
     */
    public String validationMonitor() {
        return "val_" + metric();
    }

    /** The metric the monitor names without its {@code val_} prefix (loss, accuracy, auc, ...). */
    public String metric() {
        return monitor.startsWith("val_") ? monitor.substring(4) : monitor;
    }

    /** True when the monitor is computed on the validation split. */
    public boolean needsValidation() {
        return monitor.startsWith("val_");
    }

    public EarlyStoppingSpec withEnabled(boolean on) {
        return new EarlyStoppingSpec(on, monitor, patience, minDelta, mode, restoreBestWeights);
    }
}
