package dev.sparkfit.job;

import dev.sparkfit.artifact.HtmlReport;
import dev.sparkfit.artifact.LayerSummary;
import dev.sparkfit.artifact.Metadata;
import dev.sparkfit.artifact.ModelStore;
import dev.sparkfit.artifact.ModelSummaries;
import dev.sparkfit.artifact.ReportInput;
import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.config.Engine;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.data.Block;
import dev.sparkfit.data.Blocks;
import dev.sparkfit.data.DataException;
import dev.sparkfit.data.FittedPreprocessing;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.data.InputTables;
import dev.sparkfit.data.Preprocessing;
import dev.sparkfit.eval.Metrics;
import dev.sparkfit.model.Head;
import dev.sparkfit.model.LocalNetworks;
import dev.sparkfit.model.NetworkFactory;
import dev.sparkfit.train.Dl4jParamAvgTrainer;
import dev.sparkfit.train.TrainResult;
import dev.sparkfit.train.Trainer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
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
        long t0 = System.nanoTime();
        run.writeAtomically("spec.yaml", SpecLoader.toYaml(spec));
        InputTable table = InputTables.forTraining(spark, spec.data(), console);
        Split split = Split.of(table.rows(), spec.training(), spark.sparkContext().defaultParallelism());
        console.accept(String.format(java.util.Locale.ROOT, "data read and checked: %d rows (%.1f s)",
                table.goodRows(), (System.nanoTime() - t0) / 1e9));
        long t1 = System.nanoTime();
        Preprocessing unfitted = new Preprocessing(table, spec.data().missing(), spec.preprocess());
        FittedPreprocessing prep = unfitted.fit(split.train()); // statistics from training rows only
        console.accept(String.format(java.util.Locale.ROOT, "preprocessing fitted on training rows (%.1f s)",
                (System.nanoTime() - t1) / 1e9));
        Head head = NetworkFactory.resolveHead(spec.model(), table.task(), table.classes());
        int nIn = prep.width();
        MultiLayerConfiguration conf = NetworkFactory.build(spec.model(), spec.optimizer(), head, nIn,
                spec.training().seed());
        List<LayerSummary> layers = ModelSummaries.of(conf);
        console.accept("model: " + ModelSummaries.oneLine(layers) + "; " + split.workers() + " workers, "
                + split.trainRows() + " training rows, " + split.valRows() + " validation rows");

        JavaRDD<Block> train = Blocks.pack(prep.transform(split.train()), table.label(), head, nIn, split.workers());
        JavaRDD<Block> val = split.valRows() == 0 ? null
                : Blocks.pack(prep.transform(split.validation()), table.label(), head, nIn, split.workers());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TrainResult result;
        Double baselineMae = null;
        try {
            result = spec.training().engine() == Engine.DL4J_PARAMAVG
                    ? new Dl4jParamAvgTrainer(jsc, spec.training(), head, conf, console).fit(train, val)
                    : new Trainer(jsc, spec.training(), head, conf, console).fit(train, val);
            if (!head.classification() && val != null) {
                baselineMae = Baselines.meanPredictorMae(split, table.label()); // while the rows are cached
            }
        } finally {
            train.unpersist(false);
            if (val != null) {
                val.unpersist(false);
            }
            split.unpersist();
            table.release();
        }
        Map<String, Object> metrics = metrics(result, head, split, table, t0);
        if (baselineMae != null) {
            metrics.put("baseline_val_mae", baselineMae);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        LocalNetworks.load(net, result.params(), result.updaterState());
        ModelStore.save(run.model(), net, prep, metadata(table, head, prep, split));
        Artifacts.write(run, spec, result, head, layers, metrics);
        run.markSuccess();
        return metrics;
    }

    private Map<String, Object> metrics(TrainResult r, Head head, Split split, InputTable table, long t0) {
        Map<String, Object> m = new LinkedHashMap<>();
        var best = r.history().epochs().get(r.bestEpoch() - 1);
        boolean restored = r.restoredBestWeights();
        var finalEpoch = restored ? best : r.history().epochs().get(r.history().size() - 1);
        finalEpoch.values().forEach(m::put);
        if (r.finalValidation() != null) {
            m.putAll(Metrics.of(r.finalValidation(), head, "val_"));
        }
        m.put("best_epoch", r.bestEpoch());
        m.put("epochs_run", r.epochsRun());
        m.put("stopped_early", r.stoppedEarly());
        m.put("restored_best_weights", restored);
        m.put("train_rows", split.trainRows());
        m.put("val_rows", split.valRows());
        m.put("skipped_rows", table.badRows());
        m.put("workers", split.workers());
        m.put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
        return m;
    }

    private Metadata metadata(InputTable table, Head head, FittedPreprocessing prep, Split split) {
        return new Metadata(Metadata.FORMAT_VERSION, Versions.SPARKFIT, spark.version(), Versions.DL4J,
                System.getProperty("java.version"), java.time.Instant.now().toString(), SpecLoader.hash(spec),
                spec.training().seed(), head.task().key(), table.label(), head.classes(), table.numeric(),
                table.categorical(), table.vectorColumn(), spec.data().missing().key(), prep.featureNames(),
                prep.width(), head.nOut(), head.activation().key(), head.loss().key(),
                split.trainRows(), split.valRows());
    }

    static void requireRows(long rows, int workers) {
        if (rows < workers) {
            throw new DataException(rows + " training rows cannot feed " + workers
                    + " workers (set training.workers to at most " + rows + ")");
        }
    }

    /** Row counts and partitions after the validation split. */
    record Split(Dataset<Row> train, Dataset<Row> validation, long trainRows, long valRows, int workers) {

        void unpersist() {
            train.unpersist(false);
            if (validation != null) {
                validation.unpersist(false);
            }
        }

        static Split of(Dataset<Row> rows, dev.sparkfit.config.TrainingSpec t, int defaultParallelism) {
            Dataset<Row> train = rows;
            Dataset<Row> val = null;
            if (t.validationSplit() > 0) {
                // randomSplit is seeded and deterministic for a given input partitioning.
                Dataset<Row>[] parts = rows.randomSplit(new double[] {1 - t.validationSplit(), t.validationSplit()},
                        dev.sparkfit.train.Seeds.derive(t.seed(), "validation_split"));
                train = parts[0].cache();
                val = parts[1].cache();
            }
            long trainRows = train.count();
            long valRows = val == null ? 0 : val.count();
            if (t.validationSplit() > 0 && valRows == 0) {
                throw new DataException("training.validation_split " + t.validationSplit() + " of "
                        + (trainRows + valRows) + " rows leaves no validation rows (use more data or a larger split)");
            }
            int workers = t.workers() > 0 ? t.workers() : defaultParallelism;
            requireRows(trainRows, workers);
            return new Split(train, val, trainRows, valRows, workers);
        }
    }
}
