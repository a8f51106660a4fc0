package dev.sparkfit.ml;

import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.Task;
import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.data.CardinalityGuard;
import dev.sparkfit.data.DataException;
import dev.sparkfit.data.FittedPreprocessing;
import dev.sparkfit.data.FixedPreprocessing;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.data.VectorRows;
import dev.sparkfit.train.RunControl;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
 * schema (no job), the rows by the one pass of {@code sparkfit train} into cached arrays
 * ({@link VectorRows}), then the same validation split ({@link Split}) and the same core
 * ({@link SplitTraining}) with a pass-through preprocessing: in a Pipeline, scaling is an earlier stage.
 */
final class FrameInput {

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

    /**
     * One aggregate job over the rows, run only after the pass found a bad row: it counts the rows of each
     * fault, and the first fault it finds stops training with one line.
     */
    private static void scan(Dataset<?> df, String features, String label, boolean classification) {
        // vector_to_array refuses a null vector: CaseWhen calls it only for the others.
        Column arr = when(column(features).isNotNull(),
                org.apache.spark.ml.functions.vector_to_array(column(features), "float64"));
        Column l = column(label).cast("double");
        Column bad = exists(arr, x -> isnan(x).or(abs(x).equalTo(lit(Double.POSITIVE_INFINITY))));
        Row r = df.agg(count(lit(1)), sum(when(column(features).isNull(), 1).otherwise(0)), min(size(arr)),
                max(size(arr)), sum(when(bad, 1).otherwise(0)), sum(when(l.isNull().or(isnan(l)), 1).otherwise(0)),
                min(l), sum(when(l.notEqual(floor(l)), 1).otherwise(0))).head();
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
        double lo = r.getDouble(6);
        if (classification && (lo < 0 || r.getLong(7) > 0)) {
            throw new DataException("labelCol '" + label + "': " + (lo < 0 ? lo : "non-integer values")
                    + " found; the classifier needs class indices 0, 1, ... as StringIndexer writes them");
        }
    }

    /**
     * The estimators' fit: reads {@code df}'s vector and label columns through the one pass of {@code sparkfit
     * train} ({@link VectorRows}: rows checked and cached as arrays), then trains on them as {@code spec} says.
     */
    static Fitted fit(Dataset<?> df, JobSpec spec, String features, String label, Task task, int metaClasses) {
        InputTable table = read(df, features, label, task, metaClasses);
        try {
            return train(table, spec);
        } finally {
            table.release();
        }
    }

    /**
     * The checked rows, with the classes 0 .. n-1 as "0.0", "1.0", ... (n: the largest label + 1, or the
     * label column's class count when larger), the strings the pass gives the labels. A bad row stops here
     * with one line: the aggregate of {@link #scan} runs then (only then) to say how many rows have which fault.
     */
    static InputTable read(Dataset<?> df, String features, String label, Task task, int metaClasses) {
        boolean classification = task == Task.CLASSIFICATION;
        int width = checkFeatures(df.schema(), features, "featuresCol"); // the column's metadata, or -1
        if (width <= 0) {
            width = firstWidth(df, features);
        }
        InputTable table;
        try {
            if (width <= 0) {
                throw new DataException("featuresCol '" + features + "': the vectors are empty");
            }
            table = VectorRows.check(df, features, label, task, width, CardinalityGuard.MAX_CLASSES);
        } catch (DataException e) {
            scan(df, features, label, classification); // throws the line that counts each fault
            throw e; // what the aggregate does not count: a width other than the metadata's, too many classes
        }
        if (!classification) {
            return table;
        }
        int n = Math.max(metaClasses, 1 + table.classes().stream().mapToInt(c -> (int) Double.parseDouble(c)).max()
                .orElse(-1));
        return table.withClasses(IntStream.range(0, n).mapToObj(i -> Double.toString(i)).toList());
    }

    /** The first non-null vector's size (one small job, when the column's metadata has none), or -1. */
    private static int firstWidth(Dataset<?> df, String features) {
        List<Row> first = df.where(column(features).isNotNull())
                .select(size(org.apache.spark.ml.functions.vector_to_array(column(features), "float64")))
                .limit(1).collectAsList();
        return first.isEmpty() ? -1 : first.get(0).getInt(0);
    }

    /** Trains on the checked rows as {@code spec} says: the validation split, then the core of {@code train}. */
    private static Fitted train(InputTable table, JobSpec spec) {
        SparkSession spark = table.rows().sparkSession();
        int nIn = table.numeric().size();
        Split split = Split.of(table, spec.training(), spark.sparkContext().defaultParallelism());
        SplitTraining.Outcome o;
        try {
            o = SplitTraining.run(spark, spec, spec.training(), table, split.rows(), RunControl.of(LOG::info),
                    passThrough(spark, table.numeric()));
        } finally {
            split.unpersist();
        }
        return new Fitted(new FittedNetwork(o.conf().toJson(), o.result().params(), o.head(), nIn),
                TrainingSummary.of(o.result(), o.head(), split.trainRows(), split.valRows(), split.workers()));
    }

    /** A column by its name as written (dots and brackets included), not parsed as a path. */
    private static Column column(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }

    /** The network and how its training went. */
    record Fitted(FittedNetwork network, TrainingSummary summary) {
    }

    /**
     * The preprocessing of a Pipeline's stage: none. The vector's values go to the network as they are
     * ({@link FixedPreprocessing}: an assembler only, fitted on the schema, no job).
     */
    private static FittedPreprocessing passThrough(SparkSession spark, List<String> values) {
        return FixedPreprocessing.of(spark, values, null, 0, MissingPolicy.FAIL, 1.0);
    }
}
