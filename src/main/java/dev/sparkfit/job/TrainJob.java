package dev.sparkfit.job;

import dev.sparkfit.ml.RunMetrics;
import dev.sparkfit.ml.Split;
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
import dev.sparkfit.model.Head;
import dev.sparkfit.train.RunControl;
import dev.sparkfit.train.TrainResult;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code sparkfit train}, end to end: read and check the data, split off validation rows, fit the
 * preprocessing on training rows only, then the core the estimators run ({@link SplitTraining}: pack
 * blocks, train with parameter averaging), then write the model, history, metrics ({@link RunMetrics}),
 * plots and report, and {@code _SUCCESS} last.
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
    public RunMetrics run() throws IOException {
        try (Events events = new Events(run.file(Events.FILE))) {
            return run(events);
        }
    }

    private RunMetrics run(Events events) throws IOException {
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
            // The preprocessing fitted on the training rows, then the estimators' core on them.
            FittedPreprocessing prep = SplitTraining.preprocessing(spark, spec, table, split.rows(), console);
            outcome = SplitTraining.run(spark, spec, spec.training(), table, split.rows(), control, prep);
            if (!outcome.head().classification() && split.valRows() > 0) {
                baselineMae = Baselines.meanPredictorMae(split, table.label()); // while the rows are cached
            }
        } finally {
            split.unpersist();
            table.release();
        }
        TrainResult result = outcome.result();
        Head head = outcome.head();
        RunMetrics metrics = outcome.metrics(split.trainRows(), split.valRows(), split.workers(), table.badRows(), t0)
                .withBaselineValMae(baselineMae);
        events.phase("trained", Map.of("epochs_run", result.epochsRun(), "best_epoch", result.bestEpoch()));
        ModelStore.save(run.model(), outcome.network(), outcome.preprocessing(), Metadata.forTraining(spark.version(),
                spec, table, head, outcome.preprocessing(), split.trainRows(), split.valRows()));
        Artifacts.write(run, spec, result, head, outcome.layers(), metrics.toJson());
        run.markSuccess();
        events.phase("success", metrics.toJson());
        return metrics;
    }
}
