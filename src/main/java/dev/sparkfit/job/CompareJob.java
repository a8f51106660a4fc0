package dev.sparkfit.job;

import dev.sparkfit.ml.Split;
import dev.sparkfit.ml.SplitTraining;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.artifact.CompareReport;
import dev.sparkfit.artifact.History;
import dev.sparkfit.artifact.EpochStats;
import dev.sparkfit.artifact.ModelSummaries;
import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecException;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.data.InputTables;
import dev.sparkfit.train.TrainResult;
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
            if (!metric.equals("loss") && !s.model().metrics().isEmpty() && !s.model().metrics().contains(metric)) {
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

    public static Map<String, Object> run(SparkSession spark, List<JobSpec> specs, RunDirectory run,
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
        List<Map<String, Object>> rows = new ArrayList<>();
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
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("model", name);
                row.put("architecture", ModelSummaries.oneLine(o.layers()));
                row.put("best_val_loss", valLoss[best]);
                row.put("best_epoch", best + 1);
                EpochStats bestEpoch = r.history().epochs().get(best);
                bestEpoch.values().forEach((k, v) -> {
                    if (k.startsWith("val_") && !k.equals("val_loss")) {
                        row.put("best_" + k, v);
                    }
                });
                row.put("epochs_run", r.epochsRun());
                row.put("params", ModelSummaries.totalParams(o.layers()));
                row.put("seconds", Math.round((System.nanoTime() - m0) / 1e7) / 100.0);
                rows.add(row);
            }
        } finally {
            split.unpersist();
            table.release();
        }
        String key = "best_" + judged;
        java.util.Comparator<Map<String, Object>> byScore = (a, b) -> Double.compare(score(a, key, minimize),
                score(b, key, minimize));
        String winner = (String) rows.stream().min(byScore).orElseThrow().get("model");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("winner", winner);
        out.put("judged_by", judged);
        out.put("train_rows", split.trainRows());
        out.put("val_rows", split.valRows());
        out.put("models", rows);
        run.writeAtomically("compare.json", new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        Map<String, Object> winnerRow = rows.stream().filter(x -> x.get("model").equals(winner)).findFirst().orElseThrow();
        CompareReport.write(run.file("compare.html"), run.plots(), PageHeadlines.compare(table, winner, winnerRow, judged,
                minimize, rows.size(), split.trainRows(), split.valRows(), t0), judged, histories, rows, specYamls);
        run.markSuccess();
        return out;
    }

    /** A row's score, oriented so that smaller wins; a model without the metric never wins. */
    private static double score(Map<String, Object> row, String key, boolean minimize) {
        Object v = row.get(key);
        double d = v instanceof Number n ? n.doubleValue() : Double.NaN;
        return Double.isNaN(d) ? Double.POSITIVE_INFINITY : minimize ? d : -d;
    }
}
