package dev.sparkfit.job;

import dev.sparkfit.ml.Split;
import dev.sparkfit.ml.SplitTraining;
import dev.sparkfit.artifact.CompareReport;
import dev.sparkfit.train.History;
import dev.sparkfit.artifact.ModelSummaries;
import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.MetricNames;
import dev.sparkfit.config.SpecException;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.data.InputTables;
import dev.sparkfit.io.Json;
import dev.sparkfit.train.TrainResult;
import dev.sparkfit.tuning.CompareResult;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code sparkfit compare}: trains each spec on the same rows and the same validation split (the
 * first spec's seed), each as {@code train} would, and names the model with the best value of the first
 * spec's monitored metric on the validation rows (the lowest best val_loss by default).
 * The data is read and checked once; every model fits its own preprocessing on the training rows.
 */
public final class CompareJob {

    private CompareJob() {
    }

    /** Refuses specs that cannot be compared; called before Spark starts. */
    public static void check(List<JobSpec> specs) {
        JobSpec first = specs.get(0);
        for (JobSpec s : specs) {
            if (!s.data().equals(first.data())) {
                throw new SpecException("compare: spec '" + s.name() + "' reads other data than '" + first.name()
                        + "' (data sections must be equal to compare on the same rows)");
            }
            String metric = first.training().earlyStopping().metric();
            List<String> reported = new ArrayList<>(s.model().metrics()); // and the weighted ones, by their names
            s.model().weightedMetrics().forEach(w -> reported.add(MetricNames.weightedName(w, s.model().metrics())));
            if (!metric.equals("loss") && !s.model().metrics().isEmpty() && !reported.contains(metric)) {
                throw new SpecException("compare: spec '" + s.name() + "' does not compute '" + metric
                        + "', which '" + first.name() + "' monitors (training.early_stopping.monitor); add it to"
                        + " model.metrics");
            }
        }
        if (first.training().validationSplit() == 0 && first.data().validation() == null) {
            throw new SpecException("compare: training.validation_split is 0 in '" + first.name()
                    + "'; models are compared on validation rows (set it > 0 or give data.validation)");
        }
    }

    /** Trains every spec on the shared split and writes compare.json, compare.html and _SUCCESS. */
    public static CompareResult run(SparkSession spark, List<JobSpec> specs, RunDirectory run,
                                    Consumer<String> console) throws IOException {
        long t0 = System.nanoTime();
        JobSpec first = specs.get(0);
        check(specs);
        // Every model is judged by the first spec's monitored metric on the validation rows, as early stopping judges epochs.
        String judged = first.training().earlyStopping().validationMonitor();
        boolean minimize = first.training().earlyStopping().minimize();
        InputTable table = InputTables.forTraining(spark, first.data(), console);
        Split split = SeparateValidation.attach(spark, first.data(), table,
                Split.of(table, first.training(), spark.sparkContext().defaultParallelism()), console);
        List<CompareResult.Model> models = new ArrayList<>();
        Map<String, double[]> curves = new LinkedHashMap<>();
        Map<String, History> histories = new LinkedHashMap<>(); // for the page
        Map<String, String> specYamls = new LinkedHashMap<>();
        try {
            for (int i = 0; i < specs.size(); i++) {
                JobSpec s = specs.get(i);
                String name = curves.containsKey(s.name()) ? s.name() + "-" + (i + 1) : s.name();
                long m0 = System.nanoTime();
                SplitTraining.Outcome o = SplitTraining.run(spark, s, s.training(), table, split.rows(),
                        line -> console.accept(name + ": " + line));
                TrainResult r = o.result();
                double[] valLoss = r.history().series("val_loss");
                int best = r.history().argbest(judged, minimize);
                curves.put(name, valLoss);
                histories.put(name, r.history());
                specYamls.put(name, SpecLoader.toYaml(s));
                Map<String, Double> others = new LinkedHashMap<>();
                r.history().epochs().get(best).values().forEach((k, v) -> {
                    if (k.startsWith("val_") && !k.equals("val_loss")) {
                        others.put(k, v);
                    }
                });
                models.add(new CompareResult.Model(name, ModelSummaries.oneLine(o.layers()), valLoss[best], best + 1,
                        others, r.epochsRun(), ModelSummaries.totalParams(o.layers()),
                        Math.round((System.nanoTime() - m0) / 1e7) / 100.0));
            }
        } finally {
            split.unpersist();
            table.release();
        }
        String winner = models.stream().min(java.util.Comparator.comparingDouble(m -> score(m, judged, minimize)))
                .orElseThrow().model();
        CompareResult out = new CompareResult(winner, judged, split.trainRows(), split.valRows(), models);
        run.writeAtomically("compare.json", Json.pretty(out.toJson()));
        List<Map<String, Object>> rows = out.rows();
        Map<String, Object> winnerRow = rows.stream().filter(x -> x.get("model").equals(winner)).findFirst().orElseThrow();
        CompareReport.write(run.file("compare.html"), run.plots(), PageHeadlines.compare(table, winner, winnerRow, judged,
                minimize, rows.size(), split.trainRows(), split.valRows(), t0), judged, histories, rows, specYamls);
        run.markSuccess();
        return out;
    }

    /** A row's score, oriented so that smaller wins; a model without the metric never wins. */
    private static double score(CompareResult.Model m, String judged, boolean minimize) {
        double d = m.best(judged);
        return Double.isNaN(d) ? Double.POSITIVE_INFINITY : minimize ? d : -d;
    }
}
