package dev.sparkfit.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.artifact.HtmlReport;
import dev.sparkfit.artifact.LayerSummary;
import dev.sparkfit.artifact.ReportInput;
import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.model.Head;
import dev.sparkfit.train.TrainResult;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes a finished run's history, metrics, plots and report into its run directory. */
final class Artifacts {

    static final ObjectMapper JSON = new ObjectMapper();

    private Artifacts() {
    }

    static void write(RunDirectory run, JobSpec spec, TrainResult result, Head head, List<LayerSummary> layers,
                      Map<String, Object> metrics) throws IOException {
        result.history().writeCsv(run.file("history.csv"));
        result.history().writeJson(run.file("history.json"));
        run.writeAtomically("metrics.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(metrics));
        Map<String, Path> plots = HtmlReport.writeStandardPlots(run.plots(), result.history(), head.mainMetric());
        long[][] confusion = head.classification() && result.finalValidation() != null
                ? result.finalValidation().confusionMatrix() : null;
        HtmlReport.write(run.file("report.html"), new ReportInput("sparkfit: " + spec.name(),
                SpecLoader.toYaml(spec), layers, result.history(), metrics,
                head.classes(), confusion, plots));
    }
}
