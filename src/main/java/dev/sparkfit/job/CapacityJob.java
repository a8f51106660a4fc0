package dev.sparkfit.job;

import dev.sparkfit.ml.Split;
import dev.sparkfit.ml.SplitTraining;
import dev.sparkfit.artifact.CompareReport;
import dev.sparkfit.artifact.Events;
import dev.sparkfit.artifact.Metadata;
import dev.sparkfit.artifact.ModelStore;
import dev.sparkfit.artifact.ModelSummaries;
import dev.sparkfit.artifact.Plots;
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
import dev.sparkfit.io.Json;
import dev.sparkfit.model.NetworkFactory;
import dev.sparkfit.train.RunControl;
import dev.sparkfit.tuning.CapacityResult;
import dev.sparkfit.tuning.CapacitySearch;
import dev.sparkfit.tuning.CvResult;
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

    public static CapacityResult run(SparkSession spark, JobSpec spec, RunDirectory run,
                                     Consumer<String> console) throws IOException {
        try (Events events = new Events(run.file(Events.FILE))) {
            events.phase("start", Map.of("command", "capacity", "spec_hash", SpecLoader.hash(spec)));
            CapacityResult out = run(spark, spec, run, console, events);
            events.phase("success", out.toJson());
            return out;
        }
    }

    private static CapacityResult run(SparkSession spark, JobSpec spec, RunDirectory run,
                                      Consumer<String> console, Events events) throws IOException {
        if (spec.training().validationSplit() == 0 && spec.data().validation() == null) {
            throw new SpecException("capacity: training.validation_split is 0 and no data.validation; steps are judged on validation rows");
        }
        if (spec.capacity().useCv()) {
            SeparateValidation.refuse("capacity.use_cv", spec.data());
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
        List<CapacityResult.Step> rows = new ArrayList<>();
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
                int step = rows.size() + 1;
                long params = -1;
                if (spec.capacity().useCv()) {
                    if (width[0] < 0) {
                        width[0] = new Preprocessing(table, spec.data().missing(), spec.preprocess()).fit(split.train()).width();
                    }
                    params = ModelSummaries.totalParams(ModelSummaries.of(NetworkFactory.build(s.model(),
                            s.optimizer(), NetworkFactory.resolveHead(s.model(), table.task(), table.classes()),
                            width[0], s.training().seed())));
                }
                Judged judgedStep = spec.capacity().useCv()
                        ? crossValidated(spark, s, run, step, log, judged)
                        : onSplit(spark, s, table, split, outcomes, curves, name, judged, minimize,
                                RunControl.checkpointed(log, "capacity " + name,
                                        run.file("steps").resolve("step-" + step),
                                        e -> events.epoch("capacity " + name, e)));
                double score = judgedStep.score();
                CapacityResult.Step row = new CapacityResult.Step(step, hidden,
                        judgedStep.params() >= 0 ? judgedStep.params() : params, judgedStep.bestValLoss(),
                        judgedStep.others(), judgedStep.bestEpoch(), judgedStep.cv(),
                        Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
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
        ModelStore.save(run.model(), o.network(), o.preprocessing(), Metadata.forTraining(spark.version(), best, table,
                o.head(), o.preprocessing(), split.trainRows(), split.valRows()));
        run.writeAtomically("spec.best.yaml", SpecLoader.toYaml(best));
        CapacityResult out = new CapacityResult(chosen, judged, search.reason(), rows);
        run.writeAtomically("capacity.json", Json.pretty(out.toJson()));
        double[] params = rows.stream().mapToDouble(r -> (double) r.params()).toArray();
        double[] scores = rows.stream().mapToDouble(CapacityResult.Step::bestValLoss).toArray();
        Plots.xy("Best val_loss by model size", "parameters", "best val_loss", params, scores,
                run.plots().resolve("capacity-score.png"));
        CompareReport.write(run.file("capacity.html"), "sparkfit capacity", "Best val_loss by model size",
                run.plots().resolve("capacity-score.png"), run.plots().resolve("capacity-val-loss.png"),
                "step " + search.best().step() + " " + chosen, (minimize ? "lowest" : "highest") + " best " + judged,
                curves, out.rows());
        run.markSuccess();
        return out;
    }

    /**
     * How a step was judged: its score (the judged metric), its parameter count (-1: counted by the
     * caller), its best (or mean) val_loss, the other metrics as named in capacity.json, and the best
     * epoch on the split or the cv summary's path.
     */
    private record Judged(double score, long params, double bestValLoss, Map<String, Double> others,
                          Integer bestEpoch, String cv) {
    }

    /** Trains {@code s} on the shared split; its best val_loss is the step's score. */
    private static Judged onSplit(SparkSession spark, JobSpec s, InputTable table, Split split,
                                  Map<List<Integer>, SplitTraining.Outcome> outcomes, Map<String, double[]> curves,
                                  String name, String judged, boolean minimize, RunControl control) {
        SplitTraining.Outcome o = SplitTraining.run(spark, s, s.training(), table, split.rows(), control);
        int best = o.result().history().argbest(judged, minimize);
        double[] valLoss = o.result().history().series("val_loss");
        outcomes.put(s.model().hidden().stream().map(LayerSpec::units).toList(), o);
        curves.put(name, valLoss);
        Map<String, Double> others = new LinkedHashMap<>();
        o.result().history().epochs().get(best).values().forEach((k, v) -> {
            if (k.startsWith("val_") && !k.equals("val_loss")) {
                others.put("best_" + k, v);
            }
        });
        return new Judged(o.result().history().series(judged)[best], ModelSummaries.totalParams(o.layers()),
                valLoss[best], others, best + 1, null);
    }

    /** Cross-validates {@code s} into {@code steps/step-N/}; the folds' mean best val_loss is the score. */
    private static Judged crossValidated(SparkSession spark, JobSpec s, RunDirectory run, int step,
                                        Consumer<String> log, String judged) {
        try {
            JobSpec noRefit = s.withCv(new CvSpec(s.cv().folds(), s.cv().stratify(), s.cv().parallelism(), false));
            java.nio.file.Path stepDir = run.root().resolve("steps").resolve("step-" + step);
            // A resumed capacity search finds its earlier steps here; their folds' checkpoints end them at once.
            RunDirectory dir = java.nio.file.Files.isDirectory(stepDir) ? RunDirectory.reopen(stepDir)
                    : RunDirectory.create(stepDir, false);
            CvResult cv = new CvJob(noRefit, spark, dir, log).run();
            Map<String, Double> mean = cv.summary().mean();
            Map<String, Double> others = new LinkedHashMap<>();
            mean.forEach((k, v) -> {
                if (!k.equals("val_loss")) {
                    others.put("mean_" + k, v);
                }
            });
            return new Judged(mean.getOrDefault(judged, Double.NaN), -1, mean.get("val_loss"), others, null,
                    "steps/step-" + step + "/cv-summary.json");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JobSpec withHidden(JobSpec spec, List<Integer> units, Activation act) {
        return spec.withHidden(units.stream().map(u -> new LayerSpec(u, act)).toList());
    }
}
