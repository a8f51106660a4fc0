package dev.sparkfit.bench;

import dev.sparkfit.train.EpochStats;
import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.job.EvaluateJob;
import dev.sparkfit.job.TrainJob;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * sparkfit itself, through the same spec and job a user runs: {@code averaging} is "epoch" or a
 * minibatch count; {@code engine} is "averaging" (ours), "averaging-dl4j-fit" (ours with DL4J's
 * {@code fit} as each worker's step) or "dl4j-paramavg" (DL4J's own master).
 * Epoch seconds come from the run's history; test accuracy from {@code evaluate} on the saved model.
 */
final class SparkfitSystem {

    private SparkfitSystem() {
    }

    static String spec(BenchOptions o, String engine, String averaging) {
        String hidden = o.hidden().stream().map(h -> "{units: " + h + ", activation: relu}")
                .collect(Collectors.joining(", ", "[", "]"));
        return """
                name: bench
                data: {path: "%s", label: label, task: classification}
                preprocess: {rescale: 0.00392156862745098, standardize: false}
                model: {hidden: %s}
                optimizer: {name: adam, learning_rate: %s}
                training: {epochs: %d, batch_size: %d, workers: %d, averaging: %s, seed: %d,
                           validation_split: 0.0, early_stopping: false, engine: %s}
                spark: {master: "%s"}
                """.formatted(o.train(), hidden, o.learningRate(), o.epochs(), o.batchSize(), o.workers(),
                averaging, o.seed(), engine, o.master());
    }

    static BenchResult run(SparkSession spark, BenchOptions o, String system, String engine, String averaging)
            throws Exception {
        JobSpec spec = SpecLoader.parse(spec(o, engine, averaging), system + ".yaml", List.of());
        Path dir = Files.createTempDirectory("sparkfit-bench-");
        long t0 = System.nanoTime();
        RunDirectory run = RunDirectory.create(dir.resolve("run"), false);
        new TrainJob(spec, spark, run, line -> System.err.println(system + ": " + line)).run();
        double toModel = BenchResult.sinceProcessStart(); // _SUCCESS written: the model is saved
        double total = (System.nanoTime() - t0) / 1e9;
        List<Double> epochs = dev.sparkfit.train.History.readJson(run.file("history.json")).epochs().stream()
                .map(EpochStats::seconds).toList();
        Map<String, Object> test = EvaluateJob.run(spark, run.model(),
                new dev.sparkfit.config.DataSource.Files(o.test(), dev.sparkfit.config.DataFormat.AUTO));
        double toTest = BenchResult.sinceProcessStart();
        dev.sparkfit.artifact.ModelStore.deleteRecursively(dir);
        String note = "engine " + engine + ", averaging " + averaging + ", " + o.workers() + " workers, " + o.master();
        return new BenchResult(system, note, epochs, ((Number) test.get("accuracy")).doubleValue(), total, Double.NaN,
                toModel, toTest);
    }
}
