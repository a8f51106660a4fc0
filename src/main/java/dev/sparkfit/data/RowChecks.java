package dev.sparkfit.data;

import dev.sparkfit.config.BadRecords;
import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.Task;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * Types the raw columns and gives every row a reason why it is bad, or none: a malformed CSV line,
 * text or NaN/Infinity in a numeric column, an empty label, a label the model never saw, or an
 * empty cell under {@code missing: fail}. One Spark job counts them; bad rows fail the run or are
 * skipped, as {@code bad_records} says.
 */
final class RowChecks {

    static final String BAD = "_bad";

    private final Dataset<Row> raw;
    private final String path;
    private final List<String> numeric;
    private final List<String> categorical;
    private final String label;
    private final Task task;
    private final List<String> classes;
    private final MissingPolicy missing;
    private final List<String> passthrough;

    RowChecks(Dataset<Row> raw, String path, List<String> numeric, List<String> categorical,
              String label, Task task, List<String> classes, MissingPolicy missing, List<String> passthrough) {
        this.passthrough = passthrough;
        this.raw = raw;
        this.path = path;
        this.numeric = numeric;
        this.categorical = categorical;
        this.label = label;
        this.task = task;
        this.classes = classes;
        this.missing = missing;
    }

    InputTable apply(BadRecords policy, double maxBadFraction, Consumer<String> log) {
        Dataset<Row> typed = raw.select(projection().toArray(new Column[0]));
        Row counts = typed.agg(functions.count(lit(1)), functions.count(col(BAD))).first();
        long total = counts.getLong(0);
        long bad = counts.getLong(1);
        if (total == 0) {
            throw new DataException(path + ": no data rows");
        }
        if (bad > 0) {
            Row first = typed.filter(col(BAD).isNotNull()).select(BAD).first();
            String what = bad + " of " + total + " rows are bad; first: " + first.getString(0);
            if (policy == BadRecords.FAIL) {
                throw new DataException(path + ": " + what + " (data.bad_records: fail; set it to skip"
                        + " to drop up to data.max_bad_fraction of the rows)");
            }
            if (bad > maxBadFraction * total) {
                throw new DataException(path + ": " + what + "; that is more than data.max_bad_fraction "
                        + maxBadFraction);
            }
            log.accept("skipped " + what);
        }
        Dataset<Row> good = typed.filter(col(BAD).isNull()).drop(BAD);
        return new InputTable(good, numeric, categorical, null, label, task, classes, total, bad);
    }

    private List<Column> projection() {
        java.util.Map<String, Column> out = new java.util.HashMap<>();
        List<Column[]> reasons = new ArrayList<>(); // {condition, message}
        if (Arrays.asList(raw.columns()).contains(DataReader.CORRUPT)) {
            reasons.add(new Column[] {col(DataReader.CORRUPT).isNotNull(),
                    concat(lit("wrong number of fields in line: "), col(DataReader.CORRUPT))});
        }
        for (String c : numeric) {
            Column v = col(c).cast(DataTypes.DoubleType);
            reasons.add(new Column[] {col(c).isNotNull().and(v.isNull()),
                    concat(lit("column '" + c + "': '"), col(c).cast(DataTypes.StringType), lit("' is not a number"))});
            reasons.add(new Column[] {functions.isnan(v).or(functions.abs(v).equalTo(Double.POSITIVE_INFINITY)),
                    concat(lit("column '" + c + "': '"), col(c).cast(DataTypes.StringType), lit("' is not a finite number"))});
            if (missing == MissingPolicy.FAIL) {
                reasons.add(new Column[] {col(c).isNull(),
                        lit("column '" + c + "' is empty (data.missing: fail; use mean or zero to fill it)")});
            }
            out.put(c, v.as(c));
        }
        for (String c : categorical) {
            out.put(c, functions.trim(col(c).cast(DataTypes.StringType)).as(c));
        }
        if (label != null) {
            out.put(label, labelColumn(reasons));
        }
        passthrough.forEach(c -> out.put(c, col(c)));
        // One flat CASE WHEN (the first listed reason wins); nesting one per column overflows the
        // analyzer's stack on wide data such as 784 pixel columns.
        Column reason = InputTables.nullString();
        if (!reasons.isEmpty()) {
            reason = when(reasons.get(0)[0], reasons.get(0)[1]);
            for (Column[] r : reasons.subList(1, reasons.size())) {
                reason = reason.when(r[0], r[1]);
            }
        }
        List<Column> ordered = new ArrayList<>(); // the input's column order, as a user reads it
        for (String c : raw.columns()) {
            if (out.containsKey(c)) {
                ordered.add(out.get(c));
            }
        }
        ordered.add(reason.as(BAD));
        return ordered;
    }

    private Column labelColumn(List<Column[]> reasons) {
        Column raw = col(label);
        reasons.add(new Column[] {raw.isNull().or(functions.trim(raw.cast(DataTypes.StringType)).equalTo("")),
                lit("empty label in column '" + label + "'")});
        if (task == Task.REGRESSION) {
            Column v = raw.cast(DataTypes.DoubleType);
            reasons.add(new Column[] {v.isNull().or(functions.isnan(v))
                    .or(functions.abs(v).equalTo(Double.POSITIVE_INFINITY)),
                    concat(lit("label '" + label + "': '"), raw.cast(DataTypes.StringType), lit("' is not a finite number"))});
            return v.as(label);
        }
        Column s = functions.trim(raw.cast(DataTypes.StringType));
        if (!classes.isEmpty()) {
            reasons.add(new Column[] {functions.not(s.isin(classes.toArray())),
                    concat(lit("label '" + label + "': '"), s, lit("' was never seen in training (classes: "
                            + String.join(", ", classes) + ")"))});
        }
        return s.as(label);
    }
}
