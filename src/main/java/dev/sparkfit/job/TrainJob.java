package dev.sparkfit.job;

import dev.sparkfit.ml.Split;
import dev.sparkfit.ml.TrainingSummary;
import dev.sparkfit.ml.SplitTraining;
import dev.sparkfit.artifact.Events;
import dev.sparkfit.artifact.Metadata;
import dev.sparkfit.artifact.ModelStore;
import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.data.FittedPreprocessing;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.data.InputTables;
import dev.sparkfit.eval.Metrics;
import dev.sparkfit.model.Head;
import dev.sparkfit.train.RunControl;
import dev.sparkfit.train.TrainResult;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code sparkfit train}, end to end: read and check the data, split off validation rows, fit the
 * preprocessing on training rows only, pack blocks, train with parameter averaging, then write
 * the model, history, metrics, plots and report, and {@code _SUCCESS} last.
 */
public final class TrainJob {

    private final JobSpec spec;
    private final SparkSession spark;
    private final RunDirectory run;
    private final Consumer<String> console;

    public TrainJob(JobSpec spec, SparkSession spark, RunDirectory run, Consumer<String> console) {
        this.spec = spec;
        this.spark = spark;
        this.run = run;
        this.console = console;
    }

    /** Runs the job and returns the final metrics (also written to {@code metrics.json}). */
    public Map<String, Object> run() throws IOException {
        try (Events events = new Events(run.file(Events.FILE))) {
            return run(events);
        }
    }

    private Map<String, Object> run(Events events) throws IOException {
        long t0 = System.nanoTime();
        run.writeAtomically("spec.yaml", SpecLoader.toYaml(spec));
        events.phase("start", Map.of("command", "train", "spec_hash", SpecLoader.hash(spec)));
        spark.sparkContext().setJobDescription("train: read and check data");
        InputTable table = InputTables.forTraining(spark, spec.data(), console);
        Split split = SeparateValidation.attach(spark, spec.data(), table,
                Split.of(table, spec.training(), spark.sparkContext().defaultParallelism()), console);
        console.accept(String.format(java.util.Locale.ROOT, "data read and checked: %d rows (%.1f s)",
                table.goodRows(), (System.nanoTime() - t0) / 1e9));
        events.phase("data", Map.of("rows", table.goodRows(), "skipped_rows", table.badRows(),
                "train_rows", split.trainRows(), "val_rows", split.valRows()));
        SplitTraining.Outcome outcome;
        Double baselineMae = null;
        RunControl control = RunControl.checkpointed(console, "train", run.root(), e -> events.epoch("train", e))
                .withStorageListener(fields -> events.storage("train", fields));
        try {
            outcome = SplitTraining.run(spark, spec, spec.training(), table, split.rows(), control);
            if (!outcome.head().classification() && split.valRows() > 0) {
                baselineMae = Baselines.meanPredictorMae(split, table.label()); // while the rows are cached
            }
        } finally {
            split.unpersist();
            table.release();
        }
        TrainResult result = outcome.result();
        Head head = outcome.head();
        Map<String, Object> metrics = metrics(result, head, split, table, t0);
        if (baselineMae != null) {
            metrics.put("baseline_val_mae", baselineMae);
        }
        events.phase("trained", Map.of("epochs_run", result.epochsRun(), "best_epoch", result.bestEpoch()));
        ModelStore.save(run.model(), outcome.network(), outcome.preprocessing(),
                metadata(spark, spec, table, head, outcome.preprocessing(), split.trainRows(), split.valRows()));
        Artifacts.write(run, spec, result, head, outcome.layers(), metrics);
        run.markSuccess();
        events.phase("success", metrics);
        return metrics;
    }

    private static Map<String, Object> metrics(TrainResult r, Head head, Split split, InputTable table, long t0) {
        return metrics(r, head, split.trainRows(), split.valRows(), split.workers(), table, t0);
    }

    /** metrics.json of a run: the kept epoch's values, how training ended, row counts and time. */
    static Map<String, Object> metrics(TrainResult r, Head head, long trainRows, long valRows, int workers,
                                       InputTable table, long t0) {
        Map<String, Object> m = new LinkedHashMap<>(TrainingSummary.finalMetrics(r, head));
        if (r.finalValidation() != null && head.classification() && head.classes().size() > 2) {
            m.put("val_per_class", Metrics.perClass(r.finalValidation(), head)); // the history has the macro means
        }
        boolean restored = r.restoredBestWeights();
        m.put("best_epoch", r.bestEpoch());
        m.put("epochs_run", r.epochsRun());
        m.put("stopped_early", r.stoppedEarly());
        m.put("restored_best_weights", restored);
        m.put("train_rows", trainRows);
        m.put("val_rows", valRows);
        m.put("skipped_rows", table.badRows());
        m.put("workers", workers);
        m.put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
        return m;
    }

    /** The saved model's metadata, for a model trained on {@code trainRows} and checked on {@code valRows}. */
    static Metadata metadata(SparkSession spark, JobSpec spec, InputTable table, Head head, FittedPreprocessing prep,
                             long trainRows, long valRows) {
        return new Metadata(Metadata.FORMAT_VERSION, Versions.SPARKFIT, spark.version(), Versions.DL4J,
                System.getProperty("java.version"), java.time.Instant.now().toString(), SpecLoader.hash(spec),
                spec.training().seed(), head.task().key(), table.label(), head.classes(), table.numeric(),
                table.categorical(), table.vectorColumn(), spec.data().missing().key(), prep.featureNames(),
                prep.width(), head.nOut(), head.activation().key(), head.loss().key(),
                trainRows, valRows);
    }
}
