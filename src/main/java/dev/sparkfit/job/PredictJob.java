package dev.sparkfit.job;

import dev.sparkfit.artifact.ModelStore;
import dev.sparkfit.artifact.Metadata;
import dev.sparkfit.config.DataSource;
import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.Task;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.data.InputTables;
import dev.sparkfit.data.Preprocessing;
import dev.sparkfit.eval.ForwardPass;
import dev.sparkfit.eval.Scorer;
import dev.sparkfit.model.Head;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code sparkfit predict}: the input rows plus {@code prediction} (and {@code probability_<class>}
 * per class), computed partition by partition on the executors and written by Spark; no row is
 * collected to the driver.
 */
public final class PredictJob {

    private PredictJob() {
    }

    /** Loads a model and the rows of {@code input} as the model expects them. */
    static InputTable read(SparkSession spark, Metadata m, DataSource input, boolean withLabel, boolean keepOthers) {
        return InputTables.forModel(spark, input, m.numericColumns(), m.categoricalColumns(),
                withLabel ? m.label() : null, Task.valueOf(m.task().toUpperCase(Locale.ROOT)), m.classes(),
                MissingPolicy.valueOf(m.missing().toUpperCase(Locale.ROOT)), keepOthers);
    }

    /**
     * Writes predictions to the folder {@code output}, or, when {@code outputTable} is given instead, to
     * that new table of the catalog.
     *
     * @return the number of rows written
     */
    public static long run(SparkSession spark, Path modelDir, DataSource input, String output, String outputTable)
            throws IOException {
        ModelStore.LoadedModel model = ModelStore.load(modelDir);
        if (output != null && Files.exists(Path.of(output))) {
            throw new IOException("output " + output + " already exists; refusing to overwrite it");
        }
        if (outputTable != null && OutputTable.exists(spark, outputTable)) {
            throw new IOException("--output-table: table " + outputTable + " already exists; refusing to"
                    + " overwrite it (drop it, or choose another name)");
        }
        InputTable table = read(spark, model.metadata(), input, false, true);
        List<String> keep = new ArrayList<>(Arrays.asList(table.rows().columns()));
        Dataset<Row> rows = model.preprocessing().transform(table.rows());
        Head head = model.head();
        StructType schema = outputSchema(table.rows().schema(), head);
        MultiLayerNetwork net = model.network();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<float[]> params = jsc.broadcast(net.params().toFloatVector());
        String confJson = net.getLayerWiseConfigurations().toJson();
        int nIn = model.metadata().nIn();
        LongAccumulator written = spark.sparkContext().longAccumulator("rows written");
        List<String> cols = new ArrayList<>(keep);
        cols.add(Preprocessing.FEATURES);
        JavaRDD<Row> out = rows.select(cols.stream().map(org.apache.spark.sql.functions::col)
                        .toArray(org.apache.spark.sql.Column[]::new)).javaRDD()
                .mapPartitions(it -> ForwardPass.rows(it, keep.size(), nIn, head.nOut(), confJson, params.value(),
                        (r, y, o) -> row(r, keep.size(), y, o, head), written::add));
        Dataset<Row> result = spark.createDataFrame(out, schema);
        spark.sparkContext().setJobDescription("sparkfit predict " + input.where());
        if (outputTable != null) {
            try {
                OutputTable.write(result, outputTable);
            } finally {
                params.destroy();
            }
            return written.value();
        }
        // Spark writes into a temporary sibling that is renamed into place only when every task has
        // committed, so a failed job leaves no partial output under the requested name.
        String tmp = Path.of(output).toAbsolutePath().getParent().resolve("." + Path.of(output).getFileName()
                + ".tmp-" + java.util.UUID.randomUUID()).toString();
        try {
            if (output.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
                result.write().parquet(tmp);
            } else {
                result.write().option("header", true).csv(tmp);
            }
            Files.move(Path.of(tmp), Path.of(output), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            params.destroy();
            dev.sparkfit.artifact.ModelStore.deleteRecursively(Path.of(tmp));
        }
        return written.value();
    }

    static StructType outputSchema(StructType in, Head head) {
        List<StructField> fields = new ArrayList<>(Arrays.asList(in.fields()));
        if (head.classification()) {
            fields.add(DataTypes.createStructField("prediction", DataTypes.StringType, false));
            for (String c : head.classes()) {
                fields.add(DataTypes.createStructField("probability_" + c, DataTypes.DoubleType, false));
            }
        } else {
            fields.add(DataTypes.createStructField("prediction", DataTypes.DoubleType, false));
        }
        return DataTypes.createStructType(fields);
    }

    private static Row row(Row in, int keep, float[] y, int o, Head head) {
        List<Object> values = new ArrayList<>(keep + 1 + head.classes().size());
        for (int i = 0; i < keep; i++) {
            values.add(in.get(i));
        }
        if (!head.classification()) {
            values.add((double) y[o]);
            return RowFactory.create(values.toArray());
        }
        values.add(head.classes().get(Scorer.predictedClass(y, o, head)));
        for (int k = 0; k < head.classes().size(); k++) {
            values.add(head.singleSigmoid() ? (double) (k == 1 ? y[o] : 1 - y[o]) : (double) y[o + k]);
        }
        return RowFactory.create(values.toArray());
    }
}
