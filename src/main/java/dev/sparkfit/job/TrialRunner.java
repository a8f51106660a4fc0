package dev.sparkfit.job;

import dev.sparkfit.ml.Split;
import dev.sparkfit.ml.SplitTraining;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkfit.train.EpochStats;
import dev.sparkfit.artifact.Events;
import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.config.CvSpec;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.TrainingSpec;
import dev.sparkfit.config.TuneSpec;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.train.Checkpoint;
import dev.sparkfit.train.Checkpoints;
import dev.sparkfit.train.DivergedException;
import dev.sparkfit.train.RunControl;
import dev.sparkfit.tune.Asha;
import dev.sparkfit.tune.TrialResult;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.sparkfit.io.AtomicFiles;
import dev.sparkfit.io.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Trains one trial of a search on the shared split, with checkpoints in its folder: its epochs go to
 * events.jsonl, asha judges it at each rung (a trial stopped there ends by an exception thrown from
 * the epoch listener, after that epoch's checkpoint), a divergence makes it a failed trial, and its
 * {@code result.json} is written when it ends. Any other failure (Spark's) propagates and stops the search.
 */
final class TrialRunner {

    private static final String RESULT = "result.json";

    /** Thrown from the epoch listener when asha stops a trial; the checkpoint of that epoch is committed. */
    static final class Halted extends RuntimeException {
        Halted(String reason) {
            super(reason, null, false, false);
        }
    }

    private final SparkSession spark;
    private final InputTable table;
    private final Split split;
    private final TuneSpec tune;
    private final Asha asha;
    private final Events events;
    private final Consumer<String> console;

    TrialRunner(SparkSession spark, InputTable table, Split split, TuneSpec tune, Asha asha, Events events,
                Consumer<String> console) {
        this.spark = spark;
        this.table = table;
        this.split = split;
        this.tune = tune;
        this.asha = asha;
        this.events = events;
        this.console = console;
    }

    /** The result a trial wrote when it ended, if it did. */
    static Optional<TrialResult> finished(Path dir) throws IOException {
        Path f = dir.resolve(RESULT);
        return Files.exists(f) ? Optional.of(TuneJob.JSON.readValue(f.toFile(), TrialResult.class)) : Optional.empty();
    }

    /** Records an ended trial's rung values again, as it recorded them when it ran (a resumed search). */
    static void replay(Asha asha, TrialResult r, boolean minimize) {
        for (int rung : asha.rungs()) {
            if (rung <= r.curve().size()) {
                asha.record(r.trial(), rung, TrialResult.bestUpTo(r.curve(), rung, minimize));
            }
        }
        asha.ended(r.trial());
    }

    TrialResult train(int n, Map<String, JsonNode> values, JobSpec spec, Path dir) throws Exception {
        long t0 = System.nanoTime();
        String scope = "trial " + n;
        Consumer<String> log = line -> console.accept(scope + ": " + line);
        List<EpochStats> epochs = new ArrayList<>(); // every epoch, those before a resume included
        try {
            log.accept(values.toString());
            events.phase("trial_start", Map.of("trial", n));
            Optional<Checkpoint> resumed = new Checkpoints(dir.resolve("checkpoints")).latest(line -> { });
            resumed.ifPresent(c -> epochs.addAll(c.history()));
            for (EpochStats e : List.copyOf(epochs)) { // rungs passed before the search was stopped
                judge(n, e.epoch(), epochs);
            }
            RunControl control = RunControl.checkpointed(log, "tune " + scope, dir, e -> {
                events.epoch(scope, e);
                epochs.add(e);
                judge(n, e.epoch(), epochs);
            }).withStorageListener(fields -> events.storage(scope, fields));
            SplitTraining.Outcome o = SplitTraining.run(spark, spec, spec.training(), table, rows(spec), control);
            return ended(n, values, TrialResult.State.COMPLETED, o.result().stopReason(), epochs, t0, dir);
        } catch (Halted h) {
            log.accept("stopped by asha: " + h.getMessage());
            return ended(n, values, TrialResult.State.STOPPED, h.getMessage(), epochs, t0, dir);
        } catch (RuntimeException e) {
            DivergedException d = diverged(e);
            if (d == null) {
                throw e;
            }
            log.accept("failed: " + d.getMessage());
            return ended(n, values, TrialResult.State.FAILED, oneLine(d.getMessage()), epochs, t0, dir);
        } finally {
            if (asha != null) {
                asha.ended(n);
            }
        }
    }

    /**
     * With {@code tune.use_cv}: the trial is a k-fold cross-validation of its spec in {@code dir/cv}
     * (resumable, as cv is), judged by the folds' mean; its epochs are the folds' epochs added up.
     */
    TrialResult crossValidated(int n, Map<String, JsonNode> values, JobSpec spec, Path dir) throws IOException {
        long t0 = System.nanoTime();
        Consumer<String> log = line -> console.accept("trial " + n + ": " + line);
        log.accept(values.toString());
        events.phase("trial_start", Map.of("trial", n));
        JobSpec noRefit = spec.withCv(new CvSpec(spec.cv().folds(), spec.cv().stratify(), spec.cv().parallelism(), false));
        Path cvDir = dir.resolve("cv");
        RunDirectory rd = Files.isDirectory(cvDir) ? RunDirectory.reopen(cvDir) : RunDirectory.create(cvDir, false);
        try {
            Map<String, Double> mean = new CvJob(noRefit, spark, rd, log).run().summary().mean();
            Map<String, Double> best = new LinkedHashMap<>();
            mean.forEach((k, v) -> {
                if (k.startsWith("val_")) {
                    best.put(k, v);
                }
            });
            int epochs = 0;
            for (int k = 1; k <= spec.cv().folds(); k++) {
                epochs += TuneJob.JSON.readTree(rd.file("cv").resolve("fold-" + k).resolve("metrics.json").toFile())
                        .path("epochs_run").asInt();
            }
            return ended(n, values, TrialResult.State.COMPLETED, null, epochs,
                    (int) Math.round(mean.getOrDefault("best_epoch", 0.0)), best, List.of(), t0, dir);
        } catch (RuntimeException e) {
            DivergedException d = diverged(e);
            if (d == null) {
                throw e;
            }
            log.accept("failed: " + d.getMessage());
            return ended(n, values, TrialResult.State.FAILED, oneLine(d.getMessage()), 0, 0, Map.of(), List.of(), t0, dir);
        }
    }

    /** The best setting trained on the shared split as train would (its own early stopping), in {@code dir}. */
    SplitTraining.Outcome onSplit(JobSpec spec, int trial, Path dir) {
        return SplitTraining.run(spark, spec, spec.training(), table, rows(spec),
                RunControl.checkpointed(line -> console.accept("best trial " + trial + ": " + line), "tune best", dir,
                        e -> events.epoch("best", e)));
    }

    /** At a rung, asks asha whether the trial goes on; throws {@link Halted} when it does not. */
    private void judge(int n, int epoch, List<EpochStats> epochs) {
        if (asha == null || !asha.isRung(epoch)) {
            return;
        }
        double value = TrialResult.bestUpTo(curve(epochs), epoch, tune.minimize());
        Asha.Decision d;
        try {
            d = asha.keep(n, epoch, value);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trial " + n + " waited at its rung", e);
        }
        if (!d.goesOn()) {
            throw new Halted(String.format(Locale.ROOT, "best %s %.6g after %d epochs is not among the best 1/%d"
                    + " of the %d earlier trials at this rung (cutoff %.6g)", tune.metric(), value, epoch,
                    tune.reductionFactor(), d.earlier(), d.cutoff()));
        }
    }

    private List<Double> curve(List<EpochStats> epochs) {
        return epochs.stream().map(e -> e.values().getOrDefault(tune.metric(), Double.NaN)).toList();
    }

    /** The shared split's rows, with the trial's own worker count when it sets one. */
    private SplitTraining.Rows rows(JobSpec spec) {
        int workers = dev.sparkfit.ml.Split.workers(spec.training(), split.workers());
        return split.rows(workers);
    }

    private TrialResult ended(int n, Map<String, JsonNode> values, TrialResult.State state, String reason,
                              List<EpochStats> epochs, long t0, Path dir) throws IOException {
        List<Double> curve = curve(epochs);
        int bestEpoch = 0;
        Map<String, Double> best = new LinkedHashMap<>();
        double bestValue = TrialResult.bestUpTo(curve, curve.size(), tune.minimize());
        for (EpochStats e : epochs) {
            if (bestEpoch == 0 && Double.compare(e.values().getOrDefault(tune.metric(), Double.NaN), bestValue) == 0) {
                bestEpoch = e.epoch();
                e.values().forEach((k, v) -> {
                    if (k.startsWith("val_")) {
                        best.put(k, v);
                    }
                });
            }
        }
        return ended(n, values, state, reason, epochs.size(), bestEpoch, best, curve, t0, dir);
    }

    private TrialResult ended(int n, Map<String, JsonNode> values, TrialResult.State state, String reason, int epochs,
                              int bestEpoch, Map<String, Double> best, List<Double> curve, long t0, Path dir)
            throws IOException {
        TrialResult r = new TrialResult(n, values, state, reason, epochs, bestEpoch, best,
                Math.round((System.nanoTime() - t0) / 1e7) / 100.0, curve);
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve(RESULT), Json.pretty(r));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("trial", n);
        fields.put("state", state.name().toLowerCase(Locale.ROOT));
        fields.put("epochs", r.epochs());
        fields.put(tune.metric(), r.score(tune.metric()));
        if (reason != null) {
            fields.put("reason", reason);
        }
        events.phase("trial", fields);
        console.accept("trial " + n + ": " + fields.get("state") + " after " + r.epochs() + " epochs, best "
                + tune.metric() + " " + r.score(tune.metric()));
        return r;
    }

    /** The best trial's trained network, read back from its checkpoint (no epoch is trained again). */
    SplitTraining.Outcome rebuild(JobSpec spec, TrialResult best, Path dir) {
        TrainingSpec t = spec.training().withEpochs(best.epochs());
        return SplitTraining.run(spark, spec.withTraining(t), t, table, rows(spec),
                RunControl.checkpointed(line -> console.accept("best trial " + best.trial() + ": " + line),
                        "tune best", dir, e -> { }));
    }

    /** Trains the best setting on every row for its best epoch count, early stopping off. */
    SplitTraining.Outcome refit(JobSpec spec, TrialResult best, Path dir) {
        int epochs = Math.max(1, best.bestEpoch());
        TrainingSpec t = spec.training().withEpochs(epochs)
                .withEarlyStopping(spec.training().earlyStopping().withEnabled(false));
        int workers = rows(spec).workers();
        Split.requireRows(table.goodRows(), workers);
        console.accept("refit: trial " + best.trial() + "'s setting on every row, " + epochs
                + " epochs (its best epoch), early stopping off");
        return SplitTraining.run(spark, spec.withTraining(t), t, table,
                new SplitTraining.Rows(table.rows(), null, table.goodRows(), 0, workers),
                RunControl.checkpointed(line -> console.accept("refit: " + line), "tune refit", dir,
                        e -> events.epoch("refit", e)));
    }

    private static DivergedException diverged(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DivergedException d) {
                return d;
            }
        }
        return null;
    }

    private static String oneLine(String m) {
        return m == null ? "" : m.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
