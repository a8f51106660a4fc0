package dev.sparkfit.job;

import dev.sparkfit.artifact.Metadata;
import dev.sparkfit.artifact.ModelStore;
import dev.sparkfit.artifact.Versions;
import dev.sparkfit.config.DataSpec;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.OptimizerSpec;
import dev.sparkfit.config.SpecException;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.config.Task;
import dev.sparkfit.data.DataException;
import dev.sparkfit.data.FittedPreprocessing;
import dev.sparkfit.data.FixedPreprocessing;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.data.InputTables;
import dev.sparkfit.model.Head;
import dev.sparkfit.model.KerasImport;
import dev.sparkfit.model.NetworkFactory;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * {@code sparkfit import-keras}: a Keras 2 Sequential model of Dense layers becomes a sparkfit model
 * directory, as {@code train} writes one ({@code model.zip}, {@code preprocessing/}, {@code metadata.json}),
 * so {@code predict}, {@code evaluate} and {@code model.init_from} use it like a trained model.
 *
 * <p>Nothing is fitted: the Keras model takes its inputs as they were given to it in Python. Without a
 * spec the inputs are numeric columns {@code f0..f{n-1}}, the label is {@code label} and classes are
 * named {@code 0..k-1} (Keras' {@code to_categorical} order). With a spec, its data section names the
 * feature columns and the label; its data file is read and checked as {@code train} reads it, which
 * gives the column types and the class names in sparkfit's order.
 */
public final class ImportKerasJob {

    static final String DEFAULT_LABEL = "label";

    private ImportKerasJob() {
    }

    /** Writes the model to {@code out} (which must not exist) and returns a summary for the last stdout line. */
    public static Map<String, Object> run(SparkSession spark, KerasImport.KerasNetwork keras, JobSpec spec, Path out,
                                          Consumer<String> console) throws IOException {
        console.accept("read " + keras.file() + ": Keras " + keras.kerasVersion() + " Sequential, " + keras.oneLine()
                + ", loss " + keras.loss().key());
        Inputs in = spec == null ? defaults(keras) : fromSpec(spark, keras, spec, console);
        Head head = NetworkFactory.resolveHead(keras.modelSpec(), keras.task(), in.classes());
        OptimizerSpec optimizer = spec == null ? OptimizerSpec.defaults() : spec.optimizer();
        MultiLayerNetwork net = keras.network(optimizer, head);
        FittedPreprocessing prep = FixedPreprocessing.of(spark, in.numeric(), in.vectorColumn(), in.vectorWidth(),
                in.missing(), spec == null ? 1.0 : spec.preprocess().rescale());
        Metadata meta = new Metadata(Metadata.FORMAT_VERSION, Versions.SPARKFIT, spark.version(), Versions.DL4J,
                System.getProperty("java.version"), java.time.Instant.now().toString(),
                spec == null ? null : SpecLoader.hash(spec), spec == null ? 0L : spec.training().seed(),
                head.task().key(), in.label(), head.classes(), in.numeric(), List.of(), in.vectorColumn(),
                in.missing().key(), prep.featureNames(), keras.nIn(), head.nOut(), head.activation().key(),
                head.loss().key(), 0, 0);
        ModelStore.save(out, net, prep, meta);
        console.accept("features: " + prep.featureNames() + "; label '" + in.label() + "'; task " + head.task().key()
                + (head.classification() ? ", classes " + head.classes() : ""));
        console.accept("model saved: " + out);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("model", out.toString());
        summary.put("keras_version", keras.kerasVersion());
        summary.put("network", keras.oneLine());
        summary.put("loss", head.loss().key());
        summary.put("task", head.task().key());
        summary.put("params", net.numParams());
        summary.put("features", prep.featureNames());
        summary.put("label", in.label());
        summary.put("classes", head.classes());
        return summary;
    }

    /** The columns, label, classes and missing-value policy the saved model will read. */
    record Inputs(List<String> numeric, String vectorColumn, int vectorWidth, String label, List<String> classes,
                  MissingPolicy missing) {
    }

    private static Inputs defaults(KerasImport.KerasNetwork keras) {
        List<String> features = IntStream.range(0, keras.nIn()).mapToObj(i -> "f" + i).toList();
        int classes = keras.task() == Task.REGRESSION ? 0 : Math.max(2, keras.nOut());
        return new Inputs(features, null, 0, DEFAULT_LABEL,
                IntStream.range(0, classes).mapToObj(String::valueOf).toList(), MissingPolicy.FAIL);
    }

    private static Inputs fromSpec(SparkSession spark, KerasImport.KerasNetwork keras, JobSpec spec,
                                   Consumer<String> console) {
        checkSpec(spec, keras);
        DataSpec d = spec.data();
        DataSpec typed = new DataSpec(d.path(), d.format(), d.label(), d.features(), d.categorical(), keras.task(),
                d.missing(), d.badRecords(), d.maxBadFraction(), d.maxCategories(), d.table(), d.sql());
        InputTable table = InputTables.forTraining(spark, typed, console);
        try {
            if (!table.categorical().isEmpty()) {
                throw new DataException(d.source().where() + ": column(s) " + table.categorical() + " are not numeric; a Keras"
                        + " Dense model takes numbers (leave them out of data.features, or encode them as numbers)");
            }
            int vectorWidth = table.vectorColumn() == null ? 0
                    : ((Vector) table.rows().select(table.vectorColumn()).first().get(0)).size();
            int width = vectorWidth + table.numeric().size();
            if (width != keras.nIn()) {
                throw new DataException(d.source().where() + ": " + width + " feature column(s) " + table.numeric()
                        + (vectorWidth > 0 ? " plus a vector of " + vectorWidth : "") + ", but " + keras.file()
                        + " takes " + keras.nIn() + " inputs (set data.features to the model's input columns, in order)");
            }
            int wanted = keras.nOut() == 1 ? 2 : keras.nOut();
            if (keras.task() == Task.CLASSIFICATION && table.classes().size() != wanted) {
                throw new DataException(d.source().where() + ": data.label '" + table.label() + "' has "
                        + table.classes().size() + " classes " + table.classes() + ", but " + keras.file()
                        + " predicts " + wanted);
            }
            return new Inputs(table.numeric(), table.vectorColumn(), vectorWidth, table.label(),
                    new ArrayList<>(table.classes()), d.missing());
        } finally {
            table.release();
        }
    }

    /**
     * The spec checks that need no data, run before Spark starts: settings that need statistics of
     * training rows cannot apply (import fits nothing), and an explicit task must be the file's.
     */
    public static void checkSpec(JobSpec spec, KerasImport.KerasNetwork keras) {
        Task task = spec.data().task();
        if (task != Task.AUTO && task != keras.task()) {
            throw new SpecException("data.task: '" + task.key() + "' does not fit " + keras.file() + " (its loss "
                    + keras.loss().key() + " means " + keras.task().key() + "; use auto or " + keras.task().key() + ")");
        }
        if (spec.preprocess().standardize()) {
            throw new SpecException("preprocess.standardize: true needs statistics of training rows and import-keras"
                    + " fits nothing; set it to false (the Keras model takes its inputs as they were given to it)");
        }
        if (spec.data().missing() == MissingPolicy.MEAN) {
            throw new SpecException("data.missing: 'mean' needs statistics of training rows and import-keras fits"
                    + " nothing; use fail or zero");
        }
    }
}
