package dev.sparkfit.data;

import dev.sparkfit.config.BadRecords;
import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.Task;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Types the raw columns and gives every row a reason why it is bad, or none: a malformed CSV line,
 * text or NaN/Infinity in a numeric column, an empty label, a label the model never saw, or an
 * empty cell under {@code missing: fail}. The typing runs as plain Java over each partition
 * ({@link RowTyper}): on wide files a SQL expression per cell makes plans too large to compile.
 * One job counts the bad rows; they fail the run or are skipped, as {@code bad_records} says.
 */
final class RowChecks {

    static final String BAD = Preprocessing.INTERNAL + "bad";
    /** The file a row came from ({@code input_file_name()}), and for bad rows where to find them. */
    static final String FILE = Preprocessing.INTERNAL + "file", WHERE = Preprocessing.INTERNAL + "where";

    private final Dataset<Row> raw;
    private final String path;
    private final RowTyper typer;
    private final InputTable shape;
    private final boolean csv;

    RowChecks(Dataset<Row> raw, String path, List<String> numeric, List<String> categorical,
              String label, Task task, List<String> classes, MissingPolicy missing, List<String> passthrough) {
        // The file of each row, so a bad row's message can name its file and line.
        this.raw = raw.withColumn(FILE, functions.input_file_name());
        this.csv = List.of(raw.columns()).contains(DataReader.CORRUPT);
        this.path = path;
        this.typer = new RowTyper(this.raw.schema(), numeric, categorical, label, task, classes, missing, passthrough);
        this.shape = new InputTable(null, numeric, categorical, null, label, task, classes, 0, 0, null);
    }

    InputTable apply(BadRecords policy, double maxBadFraction, Consumer<String> log) {
        StructType schema = outputSchema();
        JavaRDD<Row> rows = raw.javaRDD().mapPartitions(typer::type);
        // Cached once checked: the split, the preprocessing fit and the packing read these rows
        // again, and re-parsing text is the most expensive step. TrainJob releases them at the end.
        Dataset<Row> typed = raw.sparkSession().createDataFrame(rows, schema).persist(StorageLevel.MEMORY_AND_DISK());
        Row counts = typed.agg(functions.count(lit(1)), functions.count(col(BAD))).first();
        long total = counts.getLong(0);
        long bad = counts.getLong(1);
        if (total == 0) {
            typed.unpersist(false);
            throw new DataException(path + ": no data rows");
        }
        if (bad > 0) {
            Row first = typed.filter(col(BAD).isNotNull()).select(BAD, WHERE).first();
            String count = bad + " of " + total + " rows are bad";
            if (policy == BadRecords.FAIL || bad > maxBadFraction * total) {
                typed.unpersist(false);
                String where = BadRowLocator.describe(raw.sparkSession(), first.getString(1), csv);
                throw new DataException((where == null ? path : where) + ": " + first.getString(0) + " (" + count
                        + (policy == BadRecords.FAIL
                        ? "; data.bad_records: fail; set it to skip to drop up to data.max_bad_fraction of the rows)"
                        : "; that is more than data.max_bad_fraction " + maxBadFraction + ")"));
            }
            log.accept("skipped " + count + "; first: " + first.getString(0));
        }
        Dataset<Row> good = typed.filter(col(BAD).isNull()).drop(BAD, WHERE);
        return new InputTable(good, shape.numeric(), shape.categorical(), null, shape.label(), shape.task(),
                shape.classes(), total, bad, typed);
    }

    /** The input's columns in their order, typed, without the unused ones, plus {@value #BAD}. */
    private StructType outputSchema() {
        List<StructField> fields = new ArrayList<>();
        for (StructField f : raw.schema().fields()) {
            String c = f.name();
            if (shape.numeric().contains(c)) {
                fields.add(DataTypes.createStructField(c, DataTypes.DoubleType, true));
            } else if (shape.categorical().contains(c)) {
                fields.add(DataTypes.createStructField(c, DataTypes.StringType, true));
            } else if (c.equals(shape.label())) {
                fields.add(DataTypes.createStructField(c, shape.task() == Task.REGRESSION
                        ? DataTypes.DoubleType : DataTypes.StringType, true));
            } else if (typer.passes(c)) {
                fields.add(f);
            }
        }
        fields.add(DataTypes.createStructField(BAD, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(WHERE, DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }
}
