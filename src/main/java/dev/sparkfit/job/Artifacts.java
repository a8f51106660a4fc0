package dev.sparkfit.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.artifact.HtmlReport;
import dev.sparkfit.artifact.LayerSummary;
import dev.sparkfit.artifact.ReportInput;
import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.artifact.Plots;
import dev.sparkfit.eval.Metrics;
import dev.sparkfit.io.Json;
import dev.sparkfit.model.Head;
import dev.sparkfit.train.TrainResult;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes a finished run's history, metrics, plots and report into its run directory. */
final class Artifacts {

    static final ObjectMapper JSON = Json.MAPPER;

    private Artifacts() {
    }

    static void write(RunDirectory run, JobSpec spec, TrainResult result, Head head, List<LayerSummary> layers,
                      Map<String, Object> metrics) throws IOException {
        result.history().writeCsv(run.file("history.csv"));
        result.history().writeJson(run.file("history.json"));
        run.writeAtomically("metrics.json", Json.pretty(metrics));
        Map<String, Path> plots = HtmlReport.writeStandardPlots(run.plots(), result.history(), head.mainMetric());
        long[][] confusion = head.classification() && result.finalValidation() != null
                ? result.finalValidation().confusionMatrix() : null;
        Map<String, Path> curves = new java.util.LinkedHashMap<>();
        if (head.classification() && head.classes().size() == 2 && result.finalValidation() != null) {
            double[][] roc = Metrics.rocCurve(result.finalValidation());
            double[][] pr = Metrics.prCurve(result.finalValidation());
            if (roc[0].length > 1) {
                Plots.xy("ROC curve, validation rows (class " + head.classes().get(1) + ")", "false positive rate",
                        "true positive rate", roc[0], roc[1], run.plots().resolve("roc.png"));
                curves.put("ROC curve", run.plots().resolve("roc.png"));
                Plots.xy("Precision-recall curve, validation rows (class " + head.classes().get(1) + ")", "recall",
                        "precision", pr[0], pr[1], run.plots().resolve("precision-recall.png"));
                curves.put("Precision-recall curve", run.plots().resolve("precision-recall.png"));
            }
        }
        HtmlReport.write(run.file("report.html"), new ReportInput("sparkfit: " + spec.name(),
                SpecLoader.toYaml(spec), layers, result.history(), metrics,
                head.classes(), confusion, plots, headline(spec, result, head, metrics), curves));
    }

    /** Task, best monitored value and epoch, how training ended, rows, workers and seconds, in one line. */
    static String headline(JobSpec spec, TrainResult result, Head head, Map<String, Object> metrics) {
        String monitor = spec.training().earlyStopping().monitor();
        double[] series = result.history().series(monitor);
        int best = result.bestEpoch();
        String value = best >= 1 && best <= series.length && !Double.isNaN(series[best - 1])
                ? String.format(java.util.Locale.ROOT, "%.4g", series[best - 1]) : "n/a";
        String task = head.classification() ? "classification (" + head.classes().size() + " classes)" : "regression";
        return task + " \u00b7 best " + monitor + " " + value + " at epoch " + best + " of " + result.epochsRun()
                + " \u00b7 " + (result.stoppedEarly() ? "stopped early" : "ran every epoch")
                + " \u00b7 " + metrics.get("train_rows") + " training rows, " + metrics.get("val_rows")
                + " validation rows \u00b7 " + metrics.get("workers") + " workers \u00b7 " + metrics.get("seconds") + " s";
    }
}
