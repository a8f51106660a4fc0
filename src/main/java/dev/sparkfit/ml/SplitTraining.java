package dev.sparkfit.ml;

import dev.sparkfit.artifact.LayerSummary;
import dev.sparkfit.artifact.ModelSummaries;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.ScheduleSpec;
import dev.sparkfit.config.TrainingSpec;
import dev.sparkfit.data.Block;
import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.data.Blocks;
import dev.sparkfit.data.CheckedRows;
import dev.sparkfit.data.FittedPreprocessing;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.data.Preprocessing;
import dev.sparkfit.eval.MetricSet;
import dev.sparkfit.model.Head;
import dev.sparkfit.model.InitialWeights;
import dev.sparkfit.model.LocalNetworks;
import dev.sparkfit.model.NetworkFactory;
import dev.sparkfit.train.ClassWeights;
import dev.sparkfit.train.DistributedTrainer;
import dev.sparkfit.train.RunControl;
import dev.sparkfit.train.TrainResult;
import dev.sparkfit.train.TrainingContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The training core: one run on given rows, shared by the estimators ({@code DenseNetClassifier},
 * {@code DenseNetRegressor}), {@code train} (the validation split), {@code cv} (each fold) and the cv
 * refit, {@code compare}, {@code capacity} and {@code tune}: fit the preprocessing on the training rows
 * only (or take a fitted one), build the network, pack both sides into blocks, train with the engine the
 * spec names and release the blocks; the result's {@link Outcome#metrics} is {@code metrics.json}. The convergence
 * benchmark uses its parts ({@link #prepare}, {@link Prepared#pack}, {@link Prepared#train}) to train
 * many settings on the same blocks.
 */
public final class SplitTraining {

    /** What a run produced: the trained result and everything needed to save it as a model. */
    public record Outcome(TrainResult result, FittedPreprocessing preprocessing, Head head, MultiLayerConfiguration conf,
                   List<LayerSummary> layers) {

        /**
         * How the run ended ({@code metrics.json}): trained on {@code trainRows}, checked on {@code valRows}, by
         * {@code workers}, with {@code skippedRows} bad input rows skipped, started at {@code t0} (nanoTime).
         */
        public RunMetrics metrics(long trainRows, long valRows, int workers, long skippedRows, long t0) {
            return RunMetrics.of(result, head, trainRows, valRows, workers, skippedRows, t0);
        }

        /** The trained network with its final (or restored) parameters and updater state. */
        public MultiLayerNetwork network() {
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            LocalNetworks.load(net, result.params(), result.updaterState());
            return net;
        }
    }

    /**
     * The rows of one run; {@code valRows} is 0 when there are none. With {@code trainPart} set (checked
     * rows in cached arrays), preprocessing and packing read the parts, and a side the parts stand for has
     * no DataFrame (null): a view of 785 columns costs Spark about half a second to make.
     */
    public record Rows(Dataset<Row> train, Dataset<Row> validation, long trainRows, long valRows, int workers,
                CheckedRows.Part trainPart, CheckedRows.Part valPart) {

        public Rows(Dataset<Row> train, Dataset<Row> validation, long trainRows, long valRows, int workers) {
            this(train, validation, trainRows, valRows, workers, null, null);
        }
    }

    private SplitTraining() {
    }

    /**
     * Trains on {@code rows} as {@code spec} says, except that {@code training} replaces
     * {@code spec.training()} (cv changes the seed, the workers, or the epochs of the refit).
     */
    public static Outcome run(SparkSession spark, JobSpec spec, TrainingSpec training, InputTable table, Rows rows,
                       Consumer<String> console) {
        return run(spark, spec, training, table, rows, RunControl.of(console));
    }

    /** As above, with checkpoints, an epoch listener and a job-description prefix. */
    public static Outcome run(SparkSession spark, JobSpec spec, TrainingSpec training, InputTable table, Rows rows,
                       RunControl control) {
        return run(spark, spec, training, table, rows, control, null);
    }

    /**
     * As above; a non-null {@code fitted} is used as the preprocessing instead of fitting one ({@code train}
     * fits it first with {@link #preprocessing}; the estimators pass a pass-through: in a Pipeline, scaling
     * is an earlier stage's job).
     */
    public static Outcome run(SparkSession spark, JobSpec spec, TrainingSpec training, InputTable table, Rows rows,
                              RunControl control, FittedPreprocessing fitted) {
        Consumer<String> console = control.console();
        FittedPreprocessing prep = fitted != null ? fitted : preprocessing(spark, spec, table, rows, console);
        Prepared p = prepare(spec, training, table, prep);
        dev.sparkfit.train.RowWeights.requireFusedStep(spec.data().weight(), training, p.conf());
        console.accept("model: " + ModelSummaries.oneLine(p.layers()) + "; " + rows.workers() + " workers, "
                + rows.trainRows() + " training rows, " + rows.valRows() + " validation rows"
                + (p.initial() == null ? "" : "; starting from the weights of " + spec.model().initFrom().get()));
        boolean arrays = rows.trainPart() != null;
        MissingPolicy missing = spec.data().missing();
        JavaRDD<Block> train = arrays ? p.pack(rows.trainPart(), missing, rows.workers())
                : p.pack(rows.train(), rows.workers());
        JavaRDD<Block> val = rows.valRows() == 0 ? null
                : rows.valPart() != null ? p.pack(rows.valPart(), missing, rows.workers())
                : p.pack(rows.validation(), rows.workers()); // data.validation's rows are a DataFrame
        try {
            return new Outcome(p.train(spark, training, train, val, control), p.preprocessing(), p.head(), p.conf(),
                    p.layers());
        } finally {
            train.unpersist(false);
            if (val != null) {
                val.unpersist(false);
            }
        }
    }

    /**
     * The preprocessing {@code spec} describes, fitted on the training rows of {@code rows} only (from the
     * cached arrays when the rows have them), with how long that took on {@code console}.
     */
    public static FittedPreprocessing preprocessing(SparkSession spark, JobSpec spec, InputTable table, Rows rows,
                                                    Consumer<String> console) {
        return rows.trainPart() == null ? fit(spec, table, u -> u.fit(rows.train()), console)
                : fit(spec, table, u -> u.fit(rows.trainPart(), spark), console);
    }

    private static FittedPreprocessing fit(JobSpec spec, InputTable table,
                                           java.util.function.Function<Preprocessing, FittedPreprocessing> fit,
                                           Consumer<String> console) {
        long t1 = System.nanoTime();
        FittedPreprocessing prep = fit.apply(new Preprocessing(table, spec.data().missing(), spec.preprocess()));
        console.accept(String.format(Locale.ROOT, "preprocessing fitted on training rows (%.1f s)",
                (System.nanoTime() - t1) / 1e9));
        return prep;
    }

    /**
     * What a run needs before its blocks: the preprocessing fitted on the training rows only, the
     * resolved head, the network (seeded by {@code training.seed()}) and its starting weights. The
     * convergence benchmark prepares once and trains many settings on the same blocks.
     */
    public static Prepared prepare(JobSpec spec, TrainingSpec training, InputTable table, Dataset<Row> trainRows,
                                   Consumer<String> console) {
        return prepare(spec, training, table, fit(spec, table, u -> u.fit(trainRows), console));
    }

    /** As above, with the preprocessing already fitted. */
    private static Prepared prepare(JobSpec spec, TrainingSpec training, InputTable table, FittedPreprocessing prep) {
        Head head = NetworkFactory.resolveHead(spec.model(), table.task(), table.classes());
        JobSpec.checkMetrics(head.task(), spec.model(), training.earlyStopping()); // data.task auto: decided now
        MetricSet metrics = MetricSet.of(spec.model(), head.task());
        MultiLayerConfiguration conf = NetworkFactory.build(spec.model(), spec.optimizer(), head, prep.width(),
                training.seed());
        float[] initial = InitialWeights.load(spec.model(), conf); // null unless model.init_from
        return new Prepared(table.label(), prep, head, conf, initial, ModelSummaries.of(conf), metrics,
                spec.optimizer().schedule());
    }

    /** A prepared run: {@link #pack} rows into blocks, then {@link #train} on them. */
    public record Prepared(String label, FittedPreprocessing preprocessing, Head head, MultiLayerConfiguration conf,
                           float[] initial, List<LayerSummary> layers, MetricSet metrics, ScheduleSpec schedule) {

        /** The same preprocessing with the network {@code spec} describes (its model, optimizer and seed). */
        public Prepared withNetwork(JobSpec spec) {
            MultiLayerConfiguration c = NetworkFactory.build(spec.model(), spec.optimizer(), head,
                    preprocessing.width(), spec.training().seed());
            return new Prepared(label, preprocessing, head, c, InitialWeights.load(spec.model(), c), ModelSummaries.of(c),
                    MetricSet.of(spec.model(), head.task()), spec.optimizer().schedule());
        }

        /** {@code rows} preprocessed and packed into one cached block per worker (0: as they are partitioned). */
        public JavaRDD<Block> pack(Dataset<Row> rows, int workers) {
            return Blocks.pack(preprocessing.transform(rows), label, head, preprocessing.width(), workers);
        }

        /** One side of the checked rows, encoded and packed into one cached block per worker. */
        public JavaRDD<Block> pack(CheckedRows.Part rows, MissingPolicy missing, int workers) {
            return Blocks.pack(rows, preprocessing, missing, head, workers);
        }

        /** Trains with the engine {@code training} names; {@code val} may be null. */
        public TrainResult train(SparkSession spark, TrainingSpec training, JavaRDD<Block> train, JavaRDD<Block> val,
                                 RunControl control) {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            float[] classWeights = ClassWeights.resolve(training.classWeight(), head, train);
            if (classWeights != null) {
                control.console().accept(ClassWeights.describe(classWeights, head, training.classWeight()));
            }
            return DistributedTrainer.of(new TrainingContext(jsc, training, head, conf, initial, control, metrics,
                    classWeights, schedule)).fit(train, val);
        }
    }
}
