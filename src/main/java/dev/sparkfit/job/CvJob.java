package dev.sparkfit.job;

import dev.sparkfit.ml.Split;
import dev.sparkfit.ml.SplitTraining;
import dev.sparkfit.artifact.CvReport;
import dev.sparkfit.artifact.Events;
import dev.sparkfit.train.History;
import dev.sparkfit.artifact.Metadata;
import dev.sparkfit.artifact.ModelStore;
import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.config.CvSpec;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.config.Task;
import dev.sparkfit.config.TrainingSpec;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.data.InputTables;
import dev.sparkfit.io.AtomicFiles;
import dev.sparkfit.io.Json;
import dev.sparkfit.train.RunControl;
import dev.sparkfit.train.Seeds;
import dev.sparkfit.tuning.CvResult;
import dev.sparkfit.tuning.CvSummary;
import dev.sparkfit.tuning.Folds;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import static org.apache.spark.sql.functions.col;

/**
 * {@code sparkfit cv}, end to end: read and check the data once, deal the rows into k folds
 * ({@link Folds}), train one network per fold on the other k - 1 folds with early stopping on the
 * held-out fold (the same {@link SplitTraining} as {@code train}), write each fold's history and
 * metrics, the summary ({@link CvSummary}) and the report, optionally refit on every row for the
 * folds' median best epoch and save that model, and {@code _SUCCESS} last.
 */
public final class CvJob {

    private final JobSpec spec;
    private final SparkSession spark;
    private final RunDirectory run;
    private Events events; // open while run() runs
    private final Consumer<String> console;

    public CvJob(JobSpec spec, SparkSession spark, RunDirectory run, Consumer<String> console) {
        this.spec = spec;
        this.spark = spark;
        this.run = run;
        this.console = console;
    }

    /** Runs the job and returns what {@code cv-summary.json} holds. */
    public CvResult run() throws IOException {
        try (Events e = new Events(run.file(Events.FILE))) {
            events = e;
            return runWithEvents();
        }
    }

    private CvResult runWithEvents() throws IOException {
        long t0 = System.nanoTime();
        run.writeAtomically("spec.yaml", SpecLoader.toYaml(spec));
        events.phase("start", Map.of("command", "cv", "spec_hash", SpecLoader.hash(spec)));
        CvSpec cv = spec.cv();
        InputTable table = InputTables.forTraining(spark, spec.data(), console);
        boolean stratified = cv.stratify() && table.task() == Task.CLASSIFICATION;
        console.accept(String.format(Locale.ROOT, "data read and checked: %d rows (%.1f s)",
                table.goodRows(), (System.nanoTime() - t0) / 1e9));
        Dataset<Row> assigned = null;
        try {
            // Cached: every fold filters these rows twice, and the deal is a shuffle plus a window.
            assigned = Folds.assign(rows(table), cv.folds(), stratified ? table.label() : null,
                    Seeds.derive(spec.training().seed(), "folds"), table.goodRows())
                    .persist(StorageLevel.MEMORY_AND_DISK());
            long[] sizes = Folds.sizes(assigned, cv.folds());
            console.accept(cv.folds() + " folds" + (stratified ? ", stratified by '" + table.label() + "'" : "")
                    + ": " + Arrays.toString(sizes) + " rows");
            events.phase("data", Map.of("rows", table.goodRows(), "fold_rows", Arrays.stream(sizes).boxed().toList()));
            List<FoldRunner.Fold> folds = foldRuns(assigned, sizes, table);
            List<FoldResult> results = new FoldRunner(spark, cv.parallelism(), console)
                    .runAll(folds, f -> trainFold(f, table));
            CvSummary summary = CvSummary.of(results.stream().<Map<String, ?>>map(FoldResult::metrics).toList());
            writeReport(summary, results, table, folds.get(0).rows().workers(), t0);
            Integer refitEpochs = cv.refit() ? refit(table, summary.medianBestEpoch()) : null;
            CvResult out = new CvResult(cv.folds(), stratified, Arrays.stream(sizes).boxed().toList(), summary,
                    refitEpochs, Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
            run.writeAtomically("cv-summary.json", Json.pretty(out.toJson()));
            run.markSuccess();
            events.phase("success", out.toJson());
            return out;
        } finally {
            if (assigned != null) {
                assigned.unpersist(false);
            }
            table.release();
        }
    }

    /**
     * The checked rows as a DataFrame, with each row's sample weight beside it when data.weight is set (the
     * blocks then carry it, and every fold trains and validates with it). Weighted input is always read in
     * the one pass ({@link InputTables} refuses it otherwise), so the checked arrays are there.
     */
    private Dataset<Row> rows(InputTable table) {
        return spec.data().weight() == null ? table.rows() : table.checked().toDataFrame(spark, true);
    }

    /** One run per fold: train on every other fold, validate on this one, with this fold's seed. */
    private List<FoldRunner.Fold> foldRuns(Dataset<Row> assigned, long[] sizes, InputTable table) {
        int k = sizes.length;
        long total = Arrays.stream(sizes).sum();
        int allWorkers = Split.workers(spec.training(), spark.sparkContext().defaultParallelism());
        // Folds that train at once share the workers.
        int workers = Math.max(1, allWorkers / Math.min(spec.cv().parallelism(), k));
        List<FoldRunner.Fold> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            Dataset<Row> train = assigned.filter(col(Folds.FOLD).notEqual(f)).drop(Folds.FOLD);
            Dataset<Row> val = assigned.filter(col(Folds.FOLD).equalTo(f)).drop(Folds.FOLD);
            Split.requireRows(total - sizes[f], workers);
            TrainingSpec training = spec.training().withWorkers(workers)
                    .withSeed(Seeds.derive(spec.training().seed(), "fold", f + 1));
            folds.add(new FoldRunner.Fold(f + 1, k, training,
                    new SplitTraining.Rows(train, val, total - sizes[f], sizes[f], workers)));
        }
        return folds;
    }

    /** What the summary and the report need of a trained fold. */
    private record FoldResult(Map<String, Object> metrics, History history) {
    }

    private FoldResult trainFold(FoldRunner.Fold fold, InputTable table) throws IOException {
        long t0 = System.nanoTime();
        Consumer<String> log = line -> console.accept(fold.name() + ": " + line);
        // Each fold checkpoints in its own folder: a resumed cv skips finished folds (their last
        // checkpoint says so) and continues the fold that was interrupted.
        SplitTraining.Outcome o = SplitTraining.run(spark, spec, fold.training(), table, fold.rows(),
                control(log, "cv " + fold.name(), run.file("cv").resolve("fold-" + fold.number())));
        Map<String, Object> metrics = o.metrics(fold.rows().trainRows(), fold.rows().valRows(),
                fold.rows().workers(), table.badRows(), t0).toJson();
        Path dir = Files.createDirectories(run.file("cv").resolve("fold-" + fold.number()));
        o.result().history().writeCsv(dir.resolve("history.csv"));
        o.result().history().writeJson(dir.resolve("history.json"));
        AtomicFiles.writeString(dir.resolve("metrics.json"), Json.pretty(metrics));
        events.phase("fold", Map.of("fold", fold.number(), "metrics", metrics));
        return new FoldResult(metrics, o.result().history());
    }

    /** A fold's (or the refit's) run control: its checkpoints in {@code dir}, its epochs in events.jsonl. */
    private RunControl control(Consumer<String> log, String prefix, Path dir) {
        return RunControl.checkpointed(log, prefix, dir, e -> events.epoch(prefix, e))
                .withStorageListener(fields -> events.storage(prefix, fields));
    }

    private void writeReport(CvSummary summary, List<FoldResult> results, InputTable table, int workers, long t0)
            throws IOException {
        CvReport.write(run.file("cv-report.html"), run.plots(), "sparkfit cv: " + spec.name(),
                PageHeadlines.cv(spec, table, summary, workers, t0), SpecLoader.toYaml(spec),
                results.stream().map(FoldResult::history).toList(), summary.perFold(), summary.mean(), summary.std());
    }

    /** Trains on every row for {@code epochs} epochs, early stopping off, and saves the model; returns epochs. */
    private int refit(InputTable table, int epochs) throws IOException {
        long t0 = System.nanoTime();
        TrainingSpec training = spec.training().withEpochs(epochs)
                .withEarlyStopping(spec.training().earlyStopping().withEnabled(false));
        int workers = Split.workers(spec.training(), spark.sparkContext().defaultParallelism());
        Split.requireRows(table.goodRows(), workers);
        console.accept("refit: every row, " + epochs + " epochs (the folds' median best epoch), early stopping off");
        Consumer<String> log = line -> console.accept("refit: " + line);
        SplitTraining.Outcome o = SplitTraining.run(spark, spec, training, table,
                new SplitTraining.Rows(rows(table), null, table.goodRows(), 0, workers),
                control(log, "cv refit", run.file("refit")));
        Map<String, Object> metrics = o.metrics(table.goodRows(), 0, workers, table.badRows(), t0).toJson();
        Path dir = Files.createDirectories(run.file("refit"));
        o.result().history().writeCsv(dir.resolve("history.csv"));
        o.result().history().writeJson(dir.resolve("history.json"));
        AtomicFiles.writeString(dir.resolve("metrics.json"), Json.pretty(metrics));
        ModelStore.save(run.model(), o.network(), o.preprocessing(),
                Metadata.forTraining(spark.version(), spec, table, o.head(), o.preprocessing(), table.goodRows(), 0));
        console.accept("model saved: " + run.model());
        return epochs;
    }
}
