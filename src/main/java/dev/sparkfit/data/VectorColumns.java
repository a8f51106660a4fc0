package dev.sparkfit.data;

import dev.sparkfit.config.BadRecords;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

/**
 * The first step after reading: a feature column of Spark ML's vector type or an array of numbers is one
 * input of fixed width, expanded here into plain double columns {@code name[0]} ... {@code name[k-1]}, so
 * everything downstream sees numeric columns only. The width is the first row's; a row of another length
 * is a bad row named by its position. A fitted model's numeric columns hold the expanded names, which is
 * how prediction knows to expand the same column to the same width.
 */
final class VectorColumns {

    private VectorColumns() {
    }

    /** The rows with expanded columns, and for each expanded input its new column names. */
    record Expanded(Dataset<Row> rows, Map<String, List<String>> columns) {

        /** {@code names} with every expanded column replaced by its parts, in place. */
        List<String> replace(List<String> names) {
            List<String> out = new ArrayList<>();
            for (String n : names) {
                out.addAll(columns.getOrDefault(n, List.of(n)));
            }
            return out;
        }
    }

    /** True for a vector column or an array of numbers. */
    static boolean isVectorLike(DataType t) {
        return SQLDataTypes.VectorType().equals(t)
                || t instanceof ArrayType a && a.elementType() instanceof NumericType;
    }

    /**
     * Training: expands every vector-like column among {@code features} (every column but the label when
     * empty), each to the width of its first non-empty row.
     */
    static Expanded forTraining(Dataset<Row> raw, List<String> features, String label, String where,
                                BadRecords policy, double maxBadFraction, Consumer<String> log) {
        Map<String, Integer> widths = new LinkedHashMap<>();
        for (StructField f : raw.schema().fields()) {
            boolean wanted = features.isEmpty() ? !f.name().equals(label) : features.contains(f.name());
            if (wanted && isVectorLike(f.dataType())) {
                widths.put(f.name(), -1);
            }
        }
        if (widths.isEmpty()) {
            return new Expanded(raw, Map.of());
        }
        for (String c : widths.keySet()) {
            List<Row> first = raw.filter(col(quoted(c)).isNotNull()).select(size(array(raw, c))).limit(1).collectAsList();
            if (first.isEmpty()) {
                throw new DataException(where + ": column '" + c + "' has no values (leave it out of data.features)");
            }
            widths.put(c, first.get(0).getInt(0));
            log.accept("column '" + c + "': " + first.get(0).getInt(0) + " values per row, read as " + c + "[0] .. "
                    + c + "[" + (first.get(0).getInt(0) - 1) + "]");
        }
        return expand(raw, widths, where, policy, maxBadFraction, log);
    }

    /**
     * Prediction: expands each vector-like column whose parts {@code name[0]} ... are among the model's
     * numeric columns, to the width the model was trained with.
     */
    static Expanded forModel(Dataset<Row> raw, List<String> numeric, String where) {
        Map<String, Integer> widths = new LinkedHashMap<>();
        for (StructField f : raw.schema().fields()) {
            if (isVectorLike(f.dataType()) && numeric.contains(f.name() + "[0]") && !numeric.contains(f.name())) {
                int k = 0;
                while (numeric.contains(f.name() + "[" + k + "]")) {
                    k++;
                }
                widths.put(f.name(), k);
            }
        }
        return widths.isEmpty() ? new Expanded(raw, Map.of())
                : expand(raw, widths, where, BadRecords.FAIL, 0.0, s -> { });
    }

    private static Expanded expand(Dataset<Row> raw, Map<String, Integer> widths, String where, BadRecords policy,
                                   double maxBadFraction, Consumer<String> log) {
        // One pass: rows in all, and rows where some expanded column has another length than its width.
        Column wrong = lit(false);
        for (Map.Entry<String, Integer> e : widths.entrySet()) {
            wrong = wrong.or(col(quoted(e.getKey())).isNotNull().and(size(array(raw, e.getKey())).notEqual(e.getValue())));
        }
        Row counts = raw.agg(count(lit(1)), count(when(wrong, lit(1)))).first();
        long total = counts.getLong(0);
        long bad = counts.getLong(1);
        Dataset<Row> rows = raw;
        if (bad > 0) {
            String count = bad + " of " + total + " rows are bad";
            if (policy == BadRecords.FAIL || bad > maxBadFraction * total) {
                throw new DataException(firstWrong(raw, widths, where) + " (" + count
                        + (policy == BadRecords.FAIL
                        ? "; data.bad_records: fail; set it to skip to drop up to data.max_bad_fraction of the rows)"
                        : "; that is more than data.max_bad_fraction " + maxBadFraction + ")"));
            }
            log.accept("skipped " + count + " (array or vector of another length)");
            rows = raw.filter(org.apache.spark.sql.functions.not(wrong));
        }
        // Two projections: the array once per row, then its items (Spark does not inline a costly
        // expression such as vector_to_array into each of the k items).
        List<Column> arrays = new ArrayList<>();
        for (String c : rows.columns()) {
            arrays.add(widths.containsKey(c) ? array(rows, c).as(c) : col(quoted(c)));
        }
        Dataset<Row> asArrays = rows.select(arrays.toArray(new Column[0]));
        List<Column> out = new ArrayList<>();
        Map<String, List<String>> names = new LinkedHashMap<>();
        for (String c : asArrays.columns()) {
            Integer k = widths.get(c);
            if (k == null) {
                out.add(col(quoted(c)));
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                String name = c + "[" + i + "]";
                parts.add(name);
                out.add(col(quoted(c)).getItem(i).cast(DataTypes.DoubleType).as(name));
            }
            names.put(c, parts);
        }
        return new Expanded(asArrays.select(out.toArray(new Column[0])), names);
    }

    /** "WHERE: row N: column 'c' has m values, not k as in the first row" (N counts from 1 in read order). */
    private static String firstWrong(Dataset<Row> raw, Map<String, Integer> widths, String where) {
        List<String> cols = new ArrayList<>(widths.keySet());
        List<Column> sizes = new ArrayList<>();
        for (String c : cols) {
            sizes.add(when(col(quoted(c)).isNull(), lit(-1)).otherwise(size(array(raw, c))));
        }
        int[] want = cols.stream().mapToInt(widths::get).toArray();
        // zipWithIndex, not monotonically_increasing_id: positions 0, 1, 2 ... in read order. Runs only on failure.
        Tuple2<Row, Long> first = raw.select(sizes.toArray(new Column[0])).javaRDD().zipWithIndex()
                .filter(t -> {
                    for (int j = 0; j < want.length; j++) {
                        int n = t._1().getInt(j);
                        if (n >= 0 && n != want[j]) {
                            return true;
                        }
                    }
                    return false;
                }).first();
        for (int j = 0; j < want.length; j++) {
            int n = first._1().getInt(j);
            if (n >= 0 && n != want[j]) {
                return where + ": row " + (first._2() + 1) + ": column '" + cols.get(j) + "' has " + n
                        + " values, not " + want[j] + " as in the first row";
            }
        }
        return where + ": a row of another length";
    }

    /** The column as an array of doubles: vector_to_array for a vector, the array itself otherwise. */
    private static Column array(Dataset<Row> rows, String c) {
        DataType t = rows.schema().apply(c).dataType();
        return SQLDataTypes.VectorType().equals(t) ? org.apache.spark.ml.functions.vector_to_array(col(quoted(c)), "float64")
                : col(quoted(c));
    }

    /** A column reference that takes the name literally (dots and brackets included). */
    static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
