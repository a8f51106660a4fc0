package dev.sparkfit.job;

import dev.sparkfit.ml.Split;
import dev.sparkfit.ml.SplitTraining;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.artifact.Events;
import dev.sparkfit.artifact.CompareReport;
import dev.sparkfit.artifact.Events;
import dev.sparkfit.artifact.ModelStore;
import dev.sparkfit.artifact.Events;
import dev.sparkfit.artifact.ModelSummaries;
import dev.sparkfit.artifact.Events;
import dev.sparkfit.artifact.Plots;
import dev.sparkfit.artifact.Events;
import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.config.Activation;
import dev.sparkfit.config.CvSpec;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.LayerSpec;
import dev.sparkfit.config.SpecException;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.data.InputTables;
import dev.sparkfit.data.Preprocessing;
import dev.sparkfit.model.NetworkFactory;
import dev.sparkfit.train.RunControl;
import dev.sparkfit.tuning.CapacitySearch;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code sparkfit capacity}: reads and splits the data once, then trains one architecture per step of
 * {@link CapacitySearch} on the same rows (early stopping on), scores each by its best val_loss, and
 * saves the chosen one: its model, {@code spec.best.yaml}, {@code capacity.json} and the plots.
 */
public final class CapacityJob {

    private CapacityJob() {
    }

    public static Map<String, Object> run(SparkSession spark, JobSpec spec, RunDirectory run,
                                          Consumer<String> console) throws IOException {
        try (Events events = new Events(run.file(Events.FILE))) {
            events.phase("start", Map.of("command", "capacity", "spec_hash", SpecLoader.hash(spec)));
            Map<String, Object> out = run(spark, spec, run, console, events);
            events.phase("success", out);
            return out;
        }
    }

    private static Map<String, Object> run(SparkSession spark, JobSpec spec, RunDirectory run,
                                           Consumer<String> console, Events events) throws IOException {
        if (spec.training().validationSplit() == 0 && spec.data().validation() == null) {
            throw new SpecException("capacity: training.validation_split is 0 and no data.validation; steps are judged on validation rows");
        }
        if (spec.capacity().useCv()) {
            SeparateValidation.refuse("capacity.use_cv", spec.data());
            if (spec.data().weight() != null) { // cv's folds carry no weights
                throw new SpecException("capacity.use_cv: data.weight ('" + spec.data().weight()
                        + "') is not supported with cv (leave out use_cv or data.weight)");
            }
        }
        if (spec.model().initFrom().isPresent()) {
            throw new SpecException("capacity: model.init_from is not used here (every step builds a new network);"
                    + " leave it out");
        }
        run.writeAtomically("spec.yaml", SpecLoader.toYaml(spec));
        Activation act = spec.model().hidden().isEmpty() ? Activation.RELU : spec.model().hidden().get(0).activation();
        InputTable table = InputTables.forTraining(spark, spec.data(), console);
        Split split = SeparateValidation.attach(spark, spec.data(), table,
                Split.of(table, spec.training(), spark.sparkContext().defaultParallelism()), console);
        Map<List<Integer>, SplitTraining.Outcome> outcomes = new HashMap<>();
        Map<String, double[]> curves = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        CapacitySearch.Outcome search;
        // Steps are judged by the monitored metric on the validation rows, as early stopping judges epochs.
        String judged = spec.training().earlyStopping().validationMonitor();
        boolean minimize = spec.training().earlyStopping().minimize();
        int[] width = {-1}; // the preprocessed input width, for parameter counts in cross-validated steps
        try {
            search = new CapacitySearch(spec.capacity(), judged,
                    minimize ? dev.sparkfit.config.Mode.MIN : dev.sparkfit.config.Mode.MAX).run(hidden -> {
                long t0 = System.nanoTime();
                JobSpec s = withHidden(spec, hidden, act);
                String name = "step " + (rows.size() + 1) + " " + hidden;
                Consumer<String> log = line -> console.accept(name + ": " + line);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("step", rows.size() + 1);
                row.put("hidden", hidden);
                if (spec.capacity().useCv()) {
                    if (width[0] < 0) {
                        width[0] = new Preprocessing(table, spec.data().missing(), spec.preprocess()).fit(split.train()).width();
                    }
                    row.put("params", ModelSummaries.totalParams(ModelSummaries.of(NetworkFactory.build(s.model(),
                            s.optimizer(), NetworkFactory.resolveHead(s.model(), table.task(), table.classes()),
                            width[0], s.training().seed()))));
                }
                double score = spec.capacity().useCv()
                        ? crossValidated(spark, s, run, rows.size() + 1, row, log, judged)
                        : onSplit(spark, s, table, split, outcomes, curves, name, row, judged, minimize,
                                RunControl.checkpointed(log, "capacity " + name,
                                        run.file("steps").resolve("step-" + (rows.size() + 1)),
                                        e -> events.epoch("capacity " + name, e)));
                row.put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
                rows.add(row);
                console.accept(name + ": best " + judged + " " + score + (spec.capacity().useCv() ? " (mean of the folds)" : ""));
                return score;
            });
            List<Integer> chosen = search.best().hidden();
            if (!outcomes.containsKey(chosen)) { // judged by cross-validation: train it once, as train would
                JobSpec s = withHidden(spec, chosen, act);
                outcomes.put(chosen, SplitTraining.run(spark, s, s.training(), table, split.rows(),
                        RunControl.checkpointed(line -> console.accept("chosen " + chosen + ": " + line),
                                "capacity chosen", run.file("chosen"), e -> events.epoch("capacity chosen", e))));
            }
        } finally {
            split.unpersist();
            table.release();
        }
        List<Integer> chosen = search.best().hidden();
        JobSpec best = withHidden(spec, chosen, act);
        SplitTraining.Outcome o = outcomes.get(chosen);
        ModelStore.save(run.model(), o.network(), o.preprocessing(), TrainJob.metadata(spark, best, table, o.head(),
                o.preprocessing(), split.trainRows(), split.valRows()));
        run.writeAtomically("spec.best.yaml", SpecLoader.toYaml(best));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("chosen", chosen);
        out.put("judged_by", judged);
        out.put("stopped_because", search.reason());
        out.put("steps", rows);
        run.writeAtomically("capacity.json", new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        double[] params = rows.stream().mapToDouble(r -> ((Long) r.get("params")).doubleValue()).toArray();
        double[] scores = rows.stream().mapToDouble(r -> (Double) r.get("best_val_loss")).toArray();
        Plots.xy("Best val_loss by model size", "parameters", "best val_loss", params, scores,
                run.plots().resolve("capacity-score.png"));
        CompareReport.write(run.file("capacity.html"), "sparkfit capacity", "Best val_loss by model size",
                run.plots().resolve("capacity-score.png"), run.plots().resolve("capacity-val-loss.png"),
                "step " + search.best().step() + " " + chosen, (minimize ? "lowest" : "highest") + " best " + judged,
                curves, rows);
        run.markSuccess();
        return out;
    }

    /** Trains {@code s} on the shared split; its best val_loss is the step's score. */
    private static double onSplit(SparkSession spark, JobSpec s, InputTable table, Split split,
                                  Map<List<Integer>, SplitTraining.Outcome> outcomes, Map<String, double[]> curves,
                                  String name, Map<String, Object> row, String judged, boolean minimize,
                                  RunControl control) {
        SplitTraining.Outcome o = SplitTraining.run(spark, s, s.training(), table, split.rows(), control);
        int best = o.result().history().argbest(judged, minimize);
        double[] valLoss = o.result().history().series("val_loss");
        outcomes.put(s.model().hidden().stream().map(LayerSpec::units).toList(), o);
        curves.put(name, valLoss);
        row.put("params", ModelSummaries.totalParams(o.layers()));
        row.put("best_val_loss", valLoss[best]);
        o.result().history().epochs().get(best).values().forEach((k, v) -> {
            if (k.startsWith("val_") && !k.equals("val_loss")) {
                row.put("best_" + k, v);
            }
        });
        row.put("best_epoch", best + 1);
        return o.result().history().series(judged)[best];
    }

    /** Cross-validates {@code s} into {@code steps/step-N/}; the folds' mean best val_loss is the score. */
    @SuppressWarnings("unchecked")
    private static double crossValidated(SparkSession spark, JobSpec s, RunDirectory run, int step,
                                         Map<String, Object> row, Consumer<String> log, String judged) {
        try {
            JobSpec noRefit = s.withCv(new CvSpec(s.cv().folds(), s.cv().stratify(), s.cv().parallelism(), false));
            java.nio.file.Path stepDir = run.root().resolve("steps").resolve("step-" + step);
            // A resumed capacity search finds its earlier steps here; their folds' checkpoints end them at once.
            RunDirectory dir = java.nio.file.Files.isDirectory(stepDir) ? RunDirectory.reopen(stepDir)
                    : RunDirectory.create(stepDir, false);
            Map<String, Object> summary = new CvJob(noRefit, spark, dir, log).run();
            Map<String, Double> mean = (Map<String, Double>) summary.get("mean");
            row.put("best_val_loss", mean.get("val_loss"));
            mean.forEach((k, v) -> {
                if (!k.equals("val_loss")) {
                    row.put("mean_" + k, v);
                }
            });
            row.put("cv", "steps/step-" + step + "/cv-summary.json");
            return mean.getOrDefault(judged, Double.NaN);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JobSpec withHidden(JobSpec spec, List<Integer> units, Activation act) {
        return spec.withHidden(units.stream().map(u -> new LayerSpec(u, act)).toList());
    }
}
