package dev.sparkfit.data;

import dev.sparkfit.config.BadRecords;
import dev.sparkfit.config.DataSpec;
import dev.sparkfit.config.Task;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Training rows checked in one pass ({@link CheckedRows}): the input is read typed (CSV with the types
 * the probe decided, Parquet with its own), every row checked and copied into cached arrays, and the
 * bad-row count, the first bad row, the categories' and labels' distinct values come back with the same
 * job. Then the bad-row policy, the cardinality guard and the class list, with the messages of the
 * row-at-a-time path ({@link RowChecks}), which still serves prediction and other inputs.
 */
final class OnePassChecks {

    private OnePassChecks() {
    }

    /** The checked table, or null when a column has a type the pass does not read (then use {@link RowChecks}). */
    static InputTable apply(SparkSession spark, DataReader.Opened opened, Dataset<Row> raw, String where,
                            DataSpec spec, List<String> numeric,
                            List<String> categorical, String label, Task task, Consumer<String> log) {
        CheckedRows checked = read(spark, opened, raw, numeric, categorical, label, task, List.of(), spec.missing(),
                spec.maxCategories() + 1, CardinalityGuard.MAX_CLASSES + 1, spec.weight());
        if (checked == null) {
            return null;
        }
        counted(spark, checked, opened.text(), where, spec.badRecords(), spec.maxBadFraction(), log);
        InputTable table = new InputTable(null, numeric, categorical, null, label, task,
                List.of(), checked.total(), checked.bad(), null, checked);
        try {
            guard(table, checked, spec.maxCategories(), log);
        } catch (RuntimeException e) {
            checked.release();
            throw e;
        }
        if (task == Task.CLASSIFICATION) {
            List<String> classes = new ArrayList<>(checked.distinct(categorical.size()));
            table = table.withClasses(InputTables.sortClasses(classes));
        }
        return table;
    }

    /**
     * Rows for a fitted model, checked in the same one pass as training rows (every bad row fails the read,
     * a label outside {@code classes} among them); null when a column has a type the pass does not read.
     */
    static InputTable forModel(SparkSession spark, DataReader.Opened opened, Dataset<Row> raw, String where,
                               List<String> numeric, List<String> categorical, String label, Task task,
                               List<String> classes, dev.sparkfit.config.MissingPolicy missing) {
        // Distinct values are not needed here: caps of 0 stop gathering them after the first value.
        CheckedRows checked = read(spark, opened, raw, numeric, categorical, label, task, classes, missing, 0, 0, null);
        if (checked == null) {
            return null;
        }
        counted(spark, checked, opened.text(), where, BadRecords.FAIL, 0.0, line -> { });
        return new InputTable(null, numeric, categorical, null, label, task, classes,
                checked.total(), 0, null, checked);
    }

    /**
     * The bad-row policy on the pass's counts: no rows, or more bad rows than {@code policy} and
     * {@code maxBad} allow, release the rows and stop with the first bad row located; skipped rows are logged.
     */
    private static void counted(SparkSession spark, CheckedRows checked, boolean text, String where,
                                BadRecords policy, double maxBad, Consumer<String> log) {
        long total = checked.total();
        long bad = checked.bad();
        if (total == 0) {
            checked.release();
            throw new DataException(where + ": no data rows");
        }
        if (bad == 0) {
            return;
        }
        String[] first = checked.firstBad();
        String count = bad + " of " + total + " rows are bad";
        if (policy == BadRecords.FAIL || bad > maxBad * total) {
            checked.release();
            String located = BadRowLocator.describe(spark, first[1], text);
            throw new DataException((located == null ? where : located) + ": " + first[0] + " (" + count
                    + (policy == BadRecords.FAIL
                    ? "; data.bad_records: fail; set it to skip to drop up to data.max_bad_fraction of the rows)"
                    : "; that is more than data.max_bad_fraction " + maxBad + ")"));
        }
        log.accept("skipped " + count + "; first: " + first[0]);
    }

    /**
     * The one pass over the input: a CSV file read typed (numeric columns as doubles), first FAILFAST and
     * again with the corrupt-record column only when a line does not read; other sources as they are typed.
     * Null when a column has a type {@link IngestPass} does not read.
     */
    private static CheckedRows read(SparkSession spark, DataReader.Opened opened, Dataset<Row> raw,
                                    List<String> numeric, List<String> categorical, String label, Task task,
                                    List<String> classes, dev.sparkfit.config.MissingPolicy missing,
                                    int categoryCap, int classCap, String weight) {
        if (raw == null && opened.parquet() != null) { // flat Parquet columns, planned without Spark SQL
            return opened.parquet().check(spark, numeric, categorical, label, task, classes, missing, categoryCap,
                    classCap, weight);
        }
        boolean csv = raw == null || List.of(raw.columns()).contains(DataReader.CORRUPT);
        if (!csv) {
            Dataset<Row> typed = raw.select(used(raw, numeric, categorical, label, weight));
            for (StructField f : typed.schema().fields()) {
                if (!IngestPass.supports(f.dataType())) {
                    return null;
                }
            }
            return check(typed, numeric, categorical, label, task, classes, missing, categoryCap, classCap, weight);
        }
        org.apache.spark.sql.types.StructType schema = typedSchema(opened.columns(), numeric, label, task, weight);
        if (opened.csv() != null) { // one plain file, planned without Spark SQL
            CheckedRows direct = CsvSplits.check(spark, opened.csv().plan(), withoutCorrupt(schema), numeric,
                    categorical, label, task, classes, missing, categoryCap, classCap, weight);
            if (direct != null) {
                return direct;
            }
        } else if (!opened.multiLine()) {
            // Plain lines: parsed straight from the file's bytes; null when Spark's reader must read them.
            CheckedRows direct = CsvSplits.check(spark, DataReader.readCsv(spark, opened.path(), withoutCorrupt(schema),
                    false), numeric, categorical, label, task, classes, missing, categoryCap, classCap, weight);
            if (direct != null) {
                return direct;
            }
        }
        // Spark's reader, with multiLine decided (the header stays: an unscanned file has no quote near its start).
        DataReader.Opened scanned = opened.scan(spark);
        try {
            // First without the corrupt-record column: Spark stops at a line it cannot type.
            return check(DataReader.readCsv(spark, opened.path(), withoutCorrupt(schema), scanned.multiLine()),
                    numeric, categorical, label, task, classes, missing, categoryCap, classCap, weight);
        } catch (Exception e) { // a SparkException: checked in Java, yet thrown
            if (!malformed(e)) {
                throw e;
            }
            // Then, only for a file with such lines, with it: they are counted and described.
            return check(DataReader.readCsv(spark, opened.path(), schema, scanned.multiLine()), numeric, categorical,
                    label, task, classes, missing, categoryCap, classCap, weight);
        }
    }

    private static CheckedRows check(Dataset<Row> typed, List<String> numeric, List<String> categorical, String label,
                                     Task task, List<String> classes, dev.sparkfit.config.MissingPolicy missing,
                                     int categoryCap, int classCap, String weight) {
        // The file of each row, so a bad row's message can name its file and line.
        return CheckedRows.check(typed.withColumn(RowChecks.FILE, functions.input_file_name()), numeric, categorical,
                label, task, classes, missing, categoryCap, classCap, weight);
    }

    /** True when a FAILFAST read failed on a line it could not parse or type. */
    private static boolean malformed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t.getClass().getName().endsWith("BadRecordException") || m.contains("MALFORMED_RECORD_IN_PARSING")
                    || m.contains("Malformed records are detected")) {
                return true;
            }
        }
        return false;
    }

    private static org.apache.spark.sql.types.StructType withoutCorrupt(org.apache.spark.sql.types.StructType s) {
        return DataTypes.createStructType(java.util.Arrays.stream(s.fields())
                .filter(f -> !f.name().equals(DataReader.CORRUPT)).toList());
    }

    /** {@link CardinalityGuard} on the distinct counts the pass gathered. */
    private static void guard(InputTable table, CheckedRows checked, int maxCategories, Consumer<String> log) {
        List<String> cols = new ArrayList<>(table.categorical());
        int n = cols.size() + (table.task() == Task.CLASSIFICATION ? 1 : 0);
        if (n > cols.size()) {
            cols.add(table.label());
        }
        long[] distinct = new long[n];
        for (int k = 0; k < n; k++) {
            Set<String> values = checked.distinct(k);
            distinct[k] = values == null ? -1 : values.size();
        }
        if (n > 0) {
            CardinalityGuard.check(table, cols, distinct, maxCategories, log);
        }
    }

    /** The header's columns: numeric ones (and a regression label) as doubles, the rest as strings. */
    private static org.apache.spark.sql.types.StructType typedSchema(List<String> columns, List<String> numeric,
                                                                     String label, Task task, String weight) {
        Set<String> numbers = new java.util.HashSet<>(numeric);
        List<StructField> fields = new ArrayList<>();
        for (String c : columns) {
            boolean number = numbers.contains(c) || (c.equals(label) && task == Task.REGRESSION) || c.equals(weight);
            fields.add(DataTypes.createStructField(c, number ? DataTypes.DoubleType : DataTypes.StringType, true));
        }
        fields.add(DataTypes.createStructField(DataReader.CORRUPT, DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    private static Column[] used(Dataset<Row> raw, List<String> numeric, List<String> categorical, String label,
                                 String weight) {
        List<Column> cols = new ArrayList<>();
        for (String c : raw.columns()) {
            if (numeric.contains(c) || categorical.contains(c) || c.equals(label) || c.equals(weight)) {
                cols.add(functions.col("`" + c.replace("`", "``") + "`"));
            }
        }
        return cols.toArray(new Column[0]);
    }
}
