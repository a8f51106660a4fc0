package dev.sparkfit.job;

import dev.sparkfit.artifact.LayerSummary;
import dev.sparkfit.artifact.ModelSummaries;
import dev.sparkfit.config.Engine;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.TrainingSpec;
import dev.sparkfit.data.Block;
import dev.sparkfit.data.Blocks;
import dev.sparkfit.data.FittedPreprocessing;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.data.Preprocessing;
import dev.sparkfit.model.Head;
import dev.sparkfit.model.InitialWeights;
import dev.sparkfit.model.LocalNetworks;
import dev.sparkfit.model.NetworkFactory;
import dev.sparkfit.train.Dl4jParamAvgTrainer;
import dev.sparkfit.train.RunControl;
import dev.sparkfit.train.TrainResult;
import dev.sparkfit.train.Trainer;
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
 * One training run on given rows, shared by {@code train} (the validation split), {@code cv} (each
 * fold) and the cv refit: fit the preprocessing on the training rows only, build the network, pack
 * both sides into blocks, train with the engine the spec names and release the blocks.
 */
final class SplitTraining {

    /** What a run produced: the trained result and everything needed to save it as a model. */
    record Outcome(TrainResult result, FittedPreprocessing preprocessing, Head head, MultiLayerConfiguration conf,
                   List<LayerSummary> layers) {

        /** The trained network with its final (or restored) parameters and updater state. */
        MultiLayerNetwork network() {
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            LocalNetworks.load(net, result.params(), result.updaterState());
            return net;
        }
    }

    /** The rows of one run; {@code validation} is null (and {@code valRows} 0) when there are none. */
    record Rows(Dataset<Row> train, Dataset<Row> validation, long trainRows, long valRows, int workers) {
    }

    private SplitTraining() {
    }

    /**
     * Trains on {@code rows} as {@code spec} says, except that {@code training} replaces
     * {@code spec.training()} (cv changes the seed, the workers, or the epochs of the refit).
     */
    static Outcome run(SparkSession spark, JobSpec spec, TrainingSpec training, InputTable table, Rows rows,
                       Consumer<String> console) {
        return run(spark, spec, training, table, rows, RunControl.of(console));
    }

    /** As above, with checkpoints, an epoch listener and a job-description prefix. */
    static Outcome run(SparkSession spark, JobSpec spec, TrainingSpec training, InputTable table, Rows rows,
                       RunControl control) {
        Consumer<String> console = control.console();
        long t1 = System.nanoTime();
        Preprocessing unfitted = new Preprocessing(table, spec.data().missing(), spec.preprocess());
        FittedPreprocessing prep = unfitted.fit(rows.train()); // statistics from training rows only
        console.accept(String.format(Locale.ROOT, "preprocessing fitted on training rows (%.1f s)",
                (System.nanoTime() - t1) / 1e9));
        Head head = NetworkFactory.resolveHead(spec.model(), table.task(), table.classes());
        int nIn = prep.width();
        MultiLayerConfiguration conf = NetworkFactory.build(spec.model(), spec.optimizer(), head, nIn,
                training.seed());
        float[] initial = InitialWeights.load(spec.model(), conf); // null unless model.init_from
        List<LayerSummary> layers = ModelSummaries.of(conf);
        console.accept("model: " + ModelSummaries.oneLine(layers) + "; " + rows.workers() + " workers, "
                + rows.trainRows() + " training rows, " + rows.valRows() + " validation rows"
                + (initial == null ? "" : "; starting from the weights of " + spec.model().initFrom().get()));

        JavaRDD<Block> train = Blocks.pack(prep.transform(rows.train()), table.label(), head, nIn, rows.workers());
        JavaRDD<Block> val = rows.validation() == null || rows.valRows() == 0 ? null
                : Blocks.pack(prep.transform(rows.validation()), table.label(), head, nIn, rows.workers());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        try {
            TrainResult result = training.engine() == Engine.DL4J_PARAMAVG
                    ? new Dl4jParamAvgTrainer(jsc, training, head, conf, initial, control).fit(train, val)
                    : new Trainer(jsc, training, head, conf, initial, control).fit(train, val);
            return new Outcome(result, prep, head, conf, layers);
        } finally {
            train.unpersist(false);
            if (val != null) {
                val.unpersist(false);
            }
        }
    }
}
