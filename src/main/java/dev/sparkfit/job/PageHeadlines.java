package dev.sparkfit.job;

import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.Task;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.tuning.CvSummary;

import java.util.Locale;
import java.util.Map;

/** The one-line headlines that open the cv and compare pages, as {@link Artifacts#headline} opens report.html. */
final class PageHeadlines {

    private static final String DOT = " \u00b7 ";

    private PageHeadlines() {
    }

    /** Task, the monitored metric's mean and std over the folds, the median best epoch, rows, workers, seconds. */
    static String cv(JobSpec spec, InputTable table, CvSummary summary, int workersPerFold, long t0) {
        String monitor = spec.training().earlyStopping().monitor();
        Double mean = summary.mean().get(monitor);
        Double std = summary.std().get(monitor);
        String value = mean == null ? monitor + " n/a" : "mean " + monitor + " " + g(mean)
                + (std == null || std.isNaN() ? "" : " \u00b1 " + g(std));
        return task(table) + DOT + value + " over " + summary.perFold().size() + " folds (the weights each kept)"
                + DOT + "median best epoch " + summary.medianBestEpoch() + DOT + table.goodRows() + " rows" + DOT
                + workersPerFold + " workers per fold" + DOT + seconds(t0) + " s";
    }

    /** The winner, its best judged value and epoch, the number of models, task, rows and seconds. */
    static String compare(InputTable table, String winner, Map<String, Object> winnerRow, String judged,
                          boolean minimize, int models, long trainRows, long valRows, long t0) {
        Object best = winnerRow.get(judged.equals("val_loss") ? "best_val_loss" : "best_" + judged);
        return "winner " + winner + " (" + (minimize ? "lowest" : "highest") + " best " + judged + ")" + DOT + "best "
                + judged + " " + (best instanceof Number n ? g(n.doubleValue()) : "n/a") + " at epoch "
                + winnerRow.get("best_epoch") + " of " + winnerRow.get("epochs_run") + DOT + models + " models" + DOT
                + task(table) + DOT + trainRows + " training rows, " + valRows + " validation rows" + DOT
                + seconds(t0) + " s";
    }

    private static String task(InputTable table) {
        return table.task() == Task.CLASSIFICATION ? "classification (" + table.classes().size() + " classes)"
                : "regression";
    }

    private static String g(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static double seconds(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e7) / 100.0;
    }
}
