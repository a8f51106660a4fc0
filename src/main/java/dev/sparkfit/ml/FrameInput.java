package dev.sparkfit.ml;

import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.Task;
import dev.sparkfit.data.DataException;
import dev.sparkfit.data.FittedPreprocessing;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.data.Preprocessing;
import dev.sparkfit.train.RunControl;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.feature.VectorSizeHint;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * A DataFrame of a feature vector and a label as the training core's input: the columns checked by
 * schema (no job), the rows by one aggregate job (counts, vector sizes, bad values, label range), then
 * the validation split and a training run with a pass-through preprocessing, as {@code sparkfit
 * train} runs one on its own preprocessed rows.
 */
final class FrameInput {

    static final String VECTOR = Preprocessing.INTERNAL + "vector";
    static final String LABEL = Preprocessing.INTERNAL + "label";
    private static final Logger LOG = LoggerFactory.getLogger(FrameInput.class);

    private FrameInput() {
    }

    /** The vector column's width from its metadata, or -1; fails in one line if it is absent or not a vector. */
    static int checkFeatures(StructType schema, String features, String key) {
        StructField f = field(schema, features, key, "assemble one with VectorAssembler");
        if (!(f.dataType() instanceof VectorUDT)) {
            throw new DataException(key + ": column '" + features + "' is " + f.dataType().simpleString()
                    + ", not a vector (assemble it with VectorAssembler)");
        }
        return AttributeGroup.fromStructField(f).size();
    }

    static void checkLabel(StructType schema, String label) {
        StructField f = field(schema, label, "labelCol", "set labelCol to the label's column");
        if (!(f.dataType() instanceof NumericType)) {
            throw new DataException("labelCol: column '" + label + "' is " + f.dataType().simpleString()
                    + ", not numeric (index it with StringIndexer)");
        }
    }

    private static StructField field(StructType schema, String name, String key, String fix) {
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new DataException(key + ": no column '" + name + "' (columns: "
                    + String.join(", ", schema.fieldNames()) + "); " + fix);
        }
        return schema.apply(name);
    }

    /** What the check job found: rows, vector width and, for a classifier, the class count. */
    record Scan(long rows, int nIn, int numClasses) {
    }

    /** One aggregate job over the rows; any bad row stops training here with one line. */
    static Scan scan(Dataset<?> df, String features, String label, boolean classification, int metaClasses) {
        Column arr = org.apache.spark.ml.functions.vector_to_array(col(features), "float64");
        Column l = col(label).cast("double");
        Column bad = exists(arr, x -> isnan(x).or(abs(x).equalTo(lit(Double.POSITIVE_INFINITY))));
        Row r = df.agg(count(lit(1)), sum(when(col(features).isNull(), 1).otherwise(0)), min(size(arr)),
                max(size(arr)), sum(when(bad, 1).otherwise(0)), sum(when(l.isNull().or(isnan(l)), 1).otherwise(0)),
                min(l), max(l), sum(when(l.notEqual(floor(l)), 1).otherwise(0))).head();
        long rows = r.getLong(0);
        if (rows == 0) {
            throw new DataException("the DataFrame has no rows");
        }
        if (r.getLong(1) > 0) {
            throw new DataException("featuresCol '" + features + "': " + r.getLong(1) + " rows have no vector"
                    + " (drop or fill them first)");
        }
        if (r.getInt(2) != r.getInt(3)) {
            throw new DataException("featuresCol '" + features + "': vectors of different sizes (" + r.getInt(2)
                    + " to " + r.getInt(3) + "); every row needs the same width");
        }
        if (r.getInt(2) == 0) {
            throw new DataException("featuresCol '" + features + "': the vectors are empty");
        }
        if (r.getLong(4) > 0) {
            throw new DataException("featuresCol '" + features + "': " + r.getLong(4) + " rows hold NaN or infinite"
                    + " values (fill them first, e.g. with Imputer)");
        }
        if (r.getLong(5) > 0) {
            throw new DataException("labelCol '" + label + "': " + r.getLong(5) + " rows have a null or NaN label");
        }
        int classes = 0;
        if (classification) {
            double lo = r.getDouble(6);
            double hi = r.getDouble(7);
            if (lo < 0 || r.getLong(8) > 0) {
                throw new DataException("labelCol '" + label + "': " + (lo < 0 ? lo : "non-integer values")
                        + " found; the classifier needs class indices 0, 1, ... as StringIndexer writes them");
            }
            classes = Math.max((int) hi + 1, metaClasses);
        }
        return new Scan(rows, r.getInt(2), classes);
    }

    /** Trains on {@code df} as {@code spec} says ({@code scan.numClasses()} 0: regression). */
    static Fitted train(Dataset<?> df, JobSpec spec, String features, String label, Scan scan) {
        boolean classification = scan.numClasses() > 0;
        Task task = classification ? Task.CLASSIFICATION : Task.REGRESSION;
        // The class index as the string the blocks look up in the head's class list: "0.0", "1.0", ..., as
        // sparkfit train writes a libsvm label, so both pack the same rows into the same blocks (a
        // round-robin repartition sorts rows by their bytes first).
        List<String> classes = IntStream.range(0, scan.numClasses()).mapToObj(i -> Double.toString(i)).toList();
        Column y = classification ? col(label).cast("double").cast("string") : col(label).cast("double");
        Dataset<Row> rows = df.select(col(features).as(VECTOR), y.as(LABEL));
        InputTable table = new InputTable(rows, List.of(), List.of(), VECTOR, LABEL, task, classes, scan.rows(), 0,
                null);
        Split split = Split.of(rows, spec.training(), rows.sparkSession().sparkContext().defaultParallelism());
        SplitTraining.Outcome o;
        try {
            o = SplitTraining.run(rows.sparkSession(), spec, spec.training(), table, split.rows(),
                    RunControl.of(LOG::info), passThrough(rows, scan.nIn()));
        } finally {
            split.unpersist();
        }
        return new Fitted(new FittedNetwork(o.conf().toJson(), o.result().params(), o.head(), scan.nIn()),
                TrainingSummary.of(o.result(), o.head(), split.trainRows(), split.valRows(), split.workers()));
    }

    /** The network and how its training went. */
    record Fitted(FittedNetwork network, TrainingSummary summary) {
    }

    /**
     * The preprocessing of a Pipeline's stage: none. The vector goes to the core's feature column as it
     * is (VectorSizeHint gives VectorAssembler the width, so neither runs a job).
     */
    private static FittedPreprocessing passThrough(Dataset<Row> rows, int nIn) {
        PipelineModel m = new Pipeline().setStages(new PipelineStage[] {
                new VectorSizeHint().setInputCol(VECTOR).setSize(nIn).setHandleInvalid("error"),
                new VectorAssembler().setInputCols(new String[] {VECTOR}).setOutputCol(Preprocessing.FEATURES)})
                .fit(rows);
        return new FittedPreprocessing(m, IntStream.range(0, nIn).mapToObj(i -> "x" + i).toList());
    }
}
