package dev.sparkfit.data;

import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.Task;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Turns one raw row (CSV strings, or Parquet values) into a typed row plus the reason it is bad, or
 * null. Runs on the executors, one partition at a time; the first problem found in a row is its reason.
 */
final class RowTyper implements Serializable {

    private static final int NUMERIC = 1, CATEGORICAL = 2, LABEL = 3, PASS = 4, CORRUPT = 5, FILE = 6, WEIGHT = 7,
            SKIP = 0;

    private final String[] names;
    private final int[] roles;
    private final boolean regression;
    private final Set<String> classes;
    private final String classList;
    private final boolean failOnMissing;
    private final Set<String> passthrough;

    RowTyper(StructType schema, List<String> numeric, List<String> categorical, String label, Task task,
             List<String> classes, MissingPolicy missing, List<String> passthrough) {
        this(schema, numeric, categorical, label, task, classes, missing, passthrough, null);
    }

    /** With {@code weight} (null: none) the sample-weight column: a finite number >= 0 in every row. */
    RowTyper(StructType schema, List<String> numeric, List<String> categorical, String label, Task task,
             List<String> classes, MissingPolicy missing, List<String> passthrough, String weight) {
        this.names = schema.fieldNames();
        this.roles = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            String c = names[i];
            roles[i] = numeric.contains(c) ? NUMERIC : categorical.contains(c) ? CATEGORICAL
                    : c.equals(label) ? LABEL : c.equals(weight) ? WEIGHT : passthrough.contains(c) ? PASS
                    : c.equals(DataReader.CORRUPT) ? CORRUPT : c.equals(RowChecks.FILE) ? FILE : SKIP;
        }
        this.regression = task == Task.REGRESSION;
        this.classes = new HashSet<>(classes);
        this.classList = String.join(", ", classes);
        this.failOnMissing = missing == MissingPolicy.FAIL;
        this.passthrough = new HashSet<>(passthrough);
    }

    boolean passes(String column) {
        return passthrough.contains(column);
    }

    Iterator<Row> type(Iterator<Row> rows) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                return type(rows.next());
            }
        };
    }

    Row type(Row in) {
        Object[] out = new Object[names.length + 2];
        int k = 0;
        String reason = null;
        String file = null;
        String corruptLine = null;
        for (int i = 0; i < names.length; i++) {
            Object v = in.get(i);
            switch (roles[i]) {
                case NUMERIC -> {
                    String text = v == null ? null : v.toString().trim();
                    Double d = null;
                    if (text != null && !text.isEmpty()) {
                        d = v instanceof Number n ? n.doubleValue() : parse(text);
                        if (d == null && reason == null) {
                            reason = "column '" + names[i] + "': '" + text + "' is not a number";
                        } else if (d != null && !Double.isFinite(d) && reason == null) {
                            reason = "column '" + names[i] + "': '" + text + "' is not a finite number";
                        }
                    } else if (failOnMissing && reason == null) {
                        reason = "column '" + names[i] + "' is empty (data.missing: fail; use mean or zero to fill it)";
                    }
                    out[k++] = d;
                }
                case CATEGORICAL -> out[k++] = v == null ? null : v.toString().trim();
                case LABEL -> {
                    String text = v == null ? "" : v.toString().trim();
                    Object value = text;
                    String why = null;
                    if (text.isEmpty()) {
                        why = "empty label in column '" + names[i] + "'";
                        value = null;
                    } else if (regression) {
                        value = v instanceof Number n ? n.doubleValue() : parse(text);
                        if (value == null || !Double.isFinite((Double) value)) {
                            why = "label '" + names[i] + "': '" + text + "' is not a finite number";
                            value = null;
                        }
                    } else if (!classes.isEmpty() && !classes.contains(text)) {
                        why = "label '" + names[i] + "': '" + text + "' was never seen in training (classes: "
                                + classList + ")";
                    }
                    reason = reason == null ? why : reason;
                    out[k++] = value;
                }
                case WEIGHT -> {
                    String text = v == null ? "" : v.toString().trim();
                    Double d = text.isEmpty() ? null : v instanceof Number n ? n.doubleValue() : parse(text);
                    if (reason == null && (d == null || !Double.isFinite(d) || d < 0)) {
                        reason = "column '" + names[i] + "' (data.weight): " + (text.isEmpty() ? "empty"
                                : "'" + text + "' is not a finite number >= 0");
                    }
                    out[k++] = d;
                }
                case PASS -> out[k++] = v;
                case CORRUPT -> {
                    if (v != null) {
                        reason = "wrong number of fields in line: " + v; // outranks any cell problem
                        corruptLine = v.toString();
                    }
                }
                case FILE -> file = v == null ? null : v.toString();
                default -> { }
            }
        }
        out[k++] = reason;
        out[k++] = reason == null ? null : BadRowLocator.encode(file, corruptLine, rawCells(in));
        return RowFactory.create(Arrays.copyOf(out, k));
    }

    /** The row's input cells in file order, for finding its line once the run has failed. */
    private Object[] rawCells(Row in) {
        Object[] cells = new Object[names.length];
        int n = 0;
        for (int i = 0; i < names.length; i++) {
            if (roles[i] != CORRUPT && roles[i] != FILE) {
                cells[n++] = in.get(i);
            }
        }
        return Arrays.copyOf(cells, n);
    }

    private static Double parse(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
