package dev.sparkfit.data;

import dev.sparkfit.config.BadRecords;
import dev.sparkfit.config.DataFormat;
import dev.sparkfit.config.DataSource;
import dev.sparkfit.config.DataSpec;
import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.Task;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Builds an {@link InputTable} from files, a table or a query ({@link DataReader#open}): for training it decides each column's type and the
 * task from the data; for prediction it applies the types a fitted model recorded. Either way
 * every row is checked once ({@link RowChecks}) before any training job starts.
 */
public final class InputTables {

    private static final int MAX_CLASSES = CardinalityGuard.MAX_CLASSES;
    private static final String LIBSVM_VECTOR = "libsvm_features";

    private InputTables() {
    }

    /** Reads and checks training data as {@code spec} describes; {@code log} receives the decisions. */
    public static InputTable forTraining(SparkSession spark, DataSpec spec, Consumer<String> log) {
        return forTraining(spark, spec, DataReader.open(spark, spec.source()), log);
    }

    private static InputTable forTraining(SparkSession spark, DataSpec spec, DataReader.Opened opened,
                                          Consumer<String> log) {
        String where = spec.source().where();
        if (opened.format() == DataFormat.LIBSVM) {
            return libsvm(opened.rows(), spec.task(), where, spec.badRecords(), spec.maxBadFraction(), log);
        }
        // Vector and array columns become plain numeric columns before anything else looks at the rows
        // (a CSV file has none: its cells are text; a Parquet file read directly has flat columns only).
        VectorColumns.Expanded expanded = opened.direct() ? new VectorColumns.Expanded(null, Map.of())
                : VectorColumns.forTraining(opened.rows(), spec.features(), spec.label(), where, spec.badRecords(),
                spec.maxBadFraction(), log);
        List<String> columns = opened.direct() ? opened.columns() : columns(expanded.rows());
        String label = spec.label();
        if (!columns.contains(label)) {
            throw new DataException(where + ": data.label: no column '" + label + "' (columns: "
                    + String.join(", ", columns) + ")");
        }
        for (String c : spec.categorical()) {
            if (expanded.columns().containsKey(c)) {
                throw new DataException("data.categorical: '" + c + "' is a vector or array column (numbers only)");
            }
        }
        String weight = spec.weight();
        if (weight != null && !columns.contains(weight)) {
            throw new DataException(where + ": data.weight: no column '" + weight + "' (columns: "
                    + String.join(", ", columns) + ")");
        }
        List<String> features = new ArrayList<>(expanded.replace(spec.features()));
        if (features.isEmpty()) { // every column but the label and the weight
            columns.stream().filter(c -> !c.equals(label) && !c.equals(weight)).forEach(features::add);
        }
        requireColumns(where, "data.features", features, columns);
        requireColumns(where, "data.categorical", spec.categorical(), features);
        if (features.contains(label)) {
            throw new DataException("data.features: '" + label + "' is the label column");
        }
        List<String> toProbe = new ArrayList<>(features);
        toProbe.removeAll(spec.categorical());
        toProbe.add(label);
        ColumnProbe probe = expanded.rows() == null ? ColumnProbe.run(spark, opened, toProbe)
                : ColumnProbe.run(expanded.rows(), toProbe);
        if (probe == null) { // a quoted field among the first rows: again, with the scan for quoted line breaks
            return forTraining(spark, spec, opened.scan(spark), log);
        }
        List<String> numeric = new ArrayList<>();
        List<String> categorical = new ArrayList<>();
        for (String f : features) {
            if (spec.categorical().contains(f) || !probe.isNumeric(f, spec.maxBadFraction())) {
                categorical.add(f);
            } else {
                numeric.add(f);
            }
        }
        if (probe.nonNull(label) == 0 && features.stream().allMatch(f -> probe.nonNull(f) == 0)) {
            throw new DataException(where + ": no data rows");
        }
        for (String f : features) {
            if (probe.nonNull(f) == 0) {
                throw new DataException(where + ": column '" + f + "' is empty in the first "
                        + ColumnProbe.SAMPLE_ROWS + " rows (leave it out of data.features)");
            }
        }
        Task task = spec.task();
        if (task == Task.AUTO) {
            task = probe.isNumeric(label, 0.0) ? Task.REGRESSION : Task.CLASSIFICATION;
            log.accept("task: " + task.key() + " (label '" + label + "' is "
                    + (task == Task.REGRESSION ? "numeric" : "not numeric") + "; set data.task to change)");
        }
        log.accept("features: numeric " + brief(numeric) + ", categorical " + brief(categorical));
        // One pass into typed arrays for every source; RowChecks when a column has a type it does not read.
        InputTable checked = OnePassChecks.apply(spark, opened, expanded.rows(), where, spec, numeric, categorical, label,
                task, log);
        if (checked != null) {
            return checked;
        }
        if (weight != null) { // weights travel in the one pass's arrays only
            throw new DataException(where + ": data.weight needs every used column of a plain type (numbers,"
                    + " strings, booleans); cast the others in data.sql");
        }
        RowChecks checks = new RowChecks(expanded.rows() == null ? opened.rows() : expanded.rows(), where, numeric,
                categorical, label, task, List.of(), spec.missing(), List.of());
        InputTable table = checks.apply(spec.badRecords(), spec.maxBadFraction(), log);
        CardinalityGuard.check(table, spec.maxCategories(), log); // identifiers, free text, too many classes
        if (task == Task.CLASSIFICATION) {
            List<String> classes = classes(table.rows(), label);
            table = table.withClasses(classes);
        }
        return table;
    }

    /**
     * Reads data for a fitted model (vector and array columns expanded to the model's widths): the same columns and types as in training; the label is
     * checked only when {@code label} is not null. With {@code keepOthers} every other input column
     * is carried along unchanged (for prediction output). Without such columns the rows are checked in
     * training's one pass ({@link OnePassChecks}) and the table holds them as arrays ({@link InputTable#checked}).
     */
    public static InputTable forModel(SparkSession spark, DataSource source,
                                      List<String> numeric, List<String> categorical, String label,
                                      Task task, List<String> classes, MissingPolicy missing,
                                      boolean keepOthers) {
        return forModel(spark, source, numeric, categorical, label, task, classes, missing, keepOthers,
                BadRecords.FAIL, 0.0, s -> { }, "the model's feature");
    }

    /**
     * Reads {@code data.validation} with the training rows' columns, types and classes, checked as they were
     * ({@code bad_records}, {@code max_bad_fraction}, {@code missing}); a label the training rows do not have
     * is a bad row. Categories the training rows lack are kept: the fitted pipeline gives them the unseen slot.
     */
    public static InputTable forValidation(SparkSession spark, DataSpec spec, InputTable training, Consumer<String> log) {
        DataSource source = spec.validation();
        Consumer<String> prefixed = line -> log.accept("data.validation: " + line);
        InputTable t = forModel(spark, source, training.numeric(), training.categorical(), training.label(),
                training.task(), training.classes(), spec.missing(), false, spec.badRecords(), spec.maxBadFraction(),
                prefixed, "data.validation: feature");
        boolean libsvm = t.vectorColumn() != null;
        if (libsvm != (training.vectorColumn() != null)) {
            t.release();
            throw new DataException(source.where() + ": data.validation is " + (libsvm ? "" : "not ")
                    + "libsvm and the training data is " + (libsvm ? "not" : "libsvm") + " (give both in one format)");
        }
        List<String> unseen = new ArrayList<>(t.classes());
        unseen.removeAll(training.classes());
        if (libsvm && !unseen.isEmpty()) { // the row checks refuse such labels; libsvm rows are not checked row by row
            t.release();
            throw new DataException(source.where() + ": data.validation: label " + unseen + " is not a class of"
                    + " the training rows " + training.classes());
        }
        return t;
    }

    private static InputTable forModel(SparkSession spark, DataSource source, List<String> numeric,
                                       List<String> categorical, String label, Task task, List<String> classes,
                                       MissingPolicy missing, boolean keepOthers, BadRecords bad, double maxBad,
                                       Consumer<String> log, String featureKey) {
        String path = source.where();
        DataReader.Opened opened = DataReader.open(spark, source);
        if (opened.format() == DataFormat.LIBSVM) {
            return libsvm(opened.rows(), task, path, bad, maxBad, log);
        }
        // A CSV file's cells are text, a Parquet file read directly has flat columns: no vector columns, and
        // their rows through Spark's reader only when needed.
        Dataset<Row> raw = opened.direct() ? null : VectorColumns.forModel(opened.rows(), numeric, path).rows();
        List<String> columns = raw == null ? opened.columns() : columns(raw);
        List<String> needed = new ArrayList<>(numeric);
        needed.addAll(categorical);
        if (keepOthers && !opened.scanned() && columns.stream().anyMatch(c -> !needed.contains(c) && !c.equals(label))) {
            opened = opened.scan(spark); // the row-at-a-time checks below read with Spark's reader, which needs it
            raw = VectorColumns.forModel(opened.rows(), numeric, path).rows();
        }
        requireColumns(path, featureKey, needed, columns);
        if (label != null && !columns.contains(label)) {
            throw new DataException(path + ": no label column '" + label + "' (columns: "
                    + String.join(", ", columns) + ")");
        }
        List<String> others = new ArrayList<>();
        if (keepOthers) {
            columns.stream().filter(c -> !needed.contains(c) && !c.equals(label)).forEach(others::add);
        }
        if (others.isEmpty() && bad == BadRecords.FAIL) {
            // The one pass of training (typed read, rows into arrays); the row-at-a-time checks carry other columns
            // along and skip bad rows when data.validation's bad_records says so.
            InputTable t = OnePassChecks.forModel(spark, opened, raw, path, numeric, categorical, label, task, classes,
                    missing);
            if (t != null) {
                return t;
            }
        }
        RowChecks checks = new RowChecks(raw == null ? opened.rows() : raw, path, numeric, categorical, label, task,
                classes, missing, others);
        return checks.apply(bad, maxBad, log);
    }

    private static InputTable libsvm(Dataset<Row> raw, Task task, String path, BadRecords bad,
                                     double maxBad, Consumer<String> log) {
        Task resolved = task == Task.AUTO ? Task.REGRESSION : task;
        if (task == Task.AUTO) {
            log.accept("task: regression (libsvm labels are numbers; set data.task: classification for classes)");
        }
        // renamed: the feature pipeline's own output column is called "features"
        Dataset<Row> rows = raw.select(col("features").as(LIBSVM_VECTOR),
                resolved == Task.CLASSIFICATION ? col("label").cast(DataTypes.StringType).as("label")
                        : col("label"));
        long n = rows.count();
        List<String> classes = resolved == Task.CLASSIFICATION ? classes(rows, "label") : List.of();
        return new InputTable(rows, List.of(), List.of(), LIBSVM_VECTOR, "label", resolved, classes, n, 0, null);
    }

    /** Distinct label values in index order: numerically sorted when all are numbers, else alphabetically. */
    static List<String> classes(Dataset<Row> rows, String label) {
        List<String> values = new ArrayList<>();
        for (Row r : rows.select(col(label)).distinct().limit(MAX_CLASSES + 1).collectAsList()) {
            values.add(r.getString(0));
        }
        if (values.size() > MAX_CLASSES) {
            throw new DataException("data.label: '" + label + "' has more than " + MAX_CLASSES
                    + " distinct values; is it a regression target? (set data.task: regression)");
        }
        return sortClasses(values);
    }

    /** Class labels in index order: numerically sorted when all are numbers, else alphabetically. */
    static List<String> sortClasses(List<String> values) {
        boolean allNumbers = values.stream().allMatch(ColumnProbe::parses);
        values.sort(allNumbers ? (a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b))
                : String::compareTo);
        return values;
    }

    /** A column list as a person wants to read it: all names when few, else the count and the ends. */
    static String brief(List<String> cols) {
        return cols.size() <= 12 ? cols.toString()
                : cols.size() + " columns [" + cols.get(0) + ", " + cols.get(1) + ", ..., " + cols.get(cols.size() - 1) + "]";
    }

    static boolean isNumericType(DataType t) {
        return t instanceof NumericType;
    }

    private static List<String> columns(Dataset<Row> raw) {
        List<String> cols = new ArrayList<>(Arrays.asList(raw.columns()));
        cols.remove(DataReader.CORRUPT);
        return cols;
    }

    private static void requireColumns(String path, String key, List<String> wanted, List<String> present) {
        Set<String> missing = new LinkedHashSet<>(wanted);
        missing.removeAll(present);
        if (!missing.isEmpty()) {
            throw new DataException(path + ": " + key + " column(s) " + missing + " not found (columns: "
                    + String.join(", ", present) + ")");
        }
    }

    static Column nullString() {
        return lit(null).cast(DataTypes.StringType);
    }
}
