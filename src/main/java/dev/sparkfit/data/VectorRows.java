package dev.sparkfit.data;

import dev.sparkfit.config.Task;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.col;

/**
 * The one pass ({@link CheckedRows}) over a DataFrame of a Spark ML vector column and a numeric label, as
 * the estimators receive it: each vector is read straight from Spark's internal row into the chunk's
 * numeric array (its {@code k} values are the columns {@code name[0]} ... {@code name[k-1]}, as
 * {@link VectorColumns} names a vector feature of {@code sparkfit train}), so the split, the packing and
 * the blocks are the ones {@code train} makes of the same rows read from a file.
 */
public final class VectorRows {

    private VectorRows() {
    }

    /**
     * Checks every row of {@code df}'s {@code features} (vectors of {@code width} values, all finite) and
     * {@code label} (finite; for classification a class index 0, 1, ...), caching the rows as arrays. The
     * table's classes are the distinct labels ("0.0", "1.0", ... as {@code Double.toString} writes them),
     * numerically sorted. Any bad row, no row at all or more than {@code classCap} classes release the rows
     * and throw a {@link DataException} naming the fault (the first bad row's, with the count).
     */
    public static InputTable check(Dataset<?> df, String features, String label, Task task, int width, int classCap) {
        SparkSession spark = df.sparkSession();
        // The label cast to double in the plan: every numeric type reads the same way below.
        Dataset<Row> typed = df.select(col(quoted(features)), col(quoted(label)).cast("double"));
        Pass pass = new Pass(features, label, width, task == Task.CLASSIFICATION, classCap);
        int maxRows = (int) Math.max(1, Math.min(Integer.MAX_VALUE / 8, IngestPass.CHUNK_CELLS / (width + 1)));
        // InternalRows from the query plan: a vector is Spark's struct of (type, size, indices, values).
        JavaRDD<InternalRow> rows = typed.queryExecution().toRdd().toJavaRDD();
        JavaRDD<RowChunk> chunks = rows.mapPartitionsWithIndex((p, it) -> pass.run(p, it, maxRows), true);
        List<String> numeric = IntStream.range(0, width).mapToObj(i -> features + "[" + i + "]").toList();
        List<String> columns = new ArrayList<>(numeric);
        columns.add(label);
        CheckedRows checked = CheckedRows.of(chunks, columns, numeric, List.of(), label, task, 0, classCap);
        if (checked.total() == 0 || checked.bad() > 0) {
            checked.release();
            throw new DataException(checked.total() == 0 ? "the DataFrame has no rows"
                    : checked.firstBad()[0] + " (" + checked.bad() + " of " + checked.total() + " rows are bad)");
        }
        List<String> classes = List.of();
        if (task == Task.CLASSIFICATION) {
            Set<String> distinct = checked.distinct(0);
            if (distinct == null) {
                checked.release();
                throw new DataException("column '" + label + "': more than " + classCap + " distinct labels");
            }
            classes = InputTables.sortClasses(new ArrayList<>(distinct));
        }
        return new InputTable(checked.all().toDataFrame(spark), numeric, List.of(), null, label, task, classes,
                checked.total(), 0, null, checked);
    }

    private static String quoted(String name) {
        return VectorColumns.quoted(name);
    }

    /** The pass over one partition's (vector, label) rows. */
    private static final class Pass implements Serializable {

        private static final long serialVersionUID = 1L;
        private final String features, label;
        private final int width;
        private final boolean classification;
        private final int classCap;

        Pass(String features, String label, int width, boolean classification, int classCap) {
            this.features = features;
            this.label = label;
            this.width = width;
            this.classification = classification;
            this.classCap = classCap;
        }

        Iterator<RowChunk> run(int partition, Iterator<InternalRow> rows, int maxRows) {
            return RowChunk.lazily(rows, (seq, first) -> chunk(partition, seq, first, rows, maxRows));
        }

        private RowChunk chunk(int partition, int seq, long first, Iterator<InternalRow> rows, int maxRows) {
            int cap = Math.min(1024, maxRows);
            double[] x = new double[cap * width];
            double[] targets = classification ? null : new double[cap];
            String[] classes = classification ? new String[cap] : null;
            Set<String> distinct = classification ? new LinkedHashSet<>() : null;
            java.util.Map<Double, String> names = new java.util.HashMap<>(); // one String per class
            long total = 0;
            long bad = 0;
            String firstReason = null;
            int n = 0;
            while (n < maxRows && rows.hasNext()) {
                InternalRow r = rows.next();
                total++;
                if (n == cap) {
                    cap = (int) Math.min(maxRows, 2L * cap);
                    x = Arrays.copyOf(x, cap * width);
                    targets = targets == null ? null : Arrays.copyOf(targets, cap);
                    classes = classes == null ? null : Arrays.copyOf(classes, cap);
                }
                String why = copy(r, x, n * width);
                if (why == null) {
                    why = labelOf(r, n, targets, classes, names);
                }
                if (why != null) {
                    if (bad++ == 0) {
                        firstReason = why;
                    }
                    continue;
                }
                if (distinct != null && distinct.add(classes[n]) && distinct.size() > classCap) {
                    distinct = null; // too many: the driver refuses the fit
                }
                n++;
            }
            List<Set<String>> seen = new ArrayList<>();
            seen.add(distinct);
            return new RowChunk(partition, seq, first, n, Arrays.copyOf(x, n * width), new String[0],
                    classes == null ? null : Arrays.copyOf(classes, n), targets == null ? null : Arrays.copyOf(targets, n),
                    null, new RowChunk.Summary(partition, total, bad, firstReason, null, seen));
        }

        /** Copies the vector into {@code x} at {@code at}; the reason when the row is bad, else null. */
        private String copy(InternalRow r, double[] x, int at) {
            if (r.isNullAt(0)) {
                return "column '" + features + "': a row has no vector";
            }
            InternalRow v = r.getStruct(0, 4); // VectorUDT: type (0 sparse, 1 dense), size, indices, values
            ArrayData values = v.getArray(3);
            boolean dense = v.getByte(0) == 1;
            int size = dense ? values.numElements() : v.getInt(1);
            if (size != width) {
                return "column '" + features + "': a vector of " + size + " values, not " + width;
            }
            if (dense) {
                for (int i = 0; i < width; i++) {
                    x[at + i] = values.getDouble(i);
                }
            } else {
                Arrays.fill(x, at, at + width, 0.0);
                ArrayData indices = v.getArray(2);
                for (int i = 0; i < indices.numElements(); i++) {
                    x[at + indices.getInt(i)] = values.getDouble(i);
                }
            }
            for (int i = 0; i < width; i++) {
                if (!Double.isFinite(x[at + i])) {
                    return "column '" + features + "': value " + i + " of a vector is " + x[at + i];
                }
            }
            return null;
        }

        private String labelOf(InternalRow r, int n, double[] targets, String[] classes, java.util.Map<Double, String> names) {
            double y = r.isNullAt(1) ? Double.NaN : r.getDouble(1);
            if (!Double.isFinite(y)) {
                return "column '" + label + "': a label is " + (r.isNullAt(1) ? "null" : y);
            }
            if (!classification) {
                targets[n] = y;
                return null;
            }
            if (y < 0 || y != Math.floor(y)) {
                return "column '" + label + "': label " + y + " is not a class index 0, 1, ...";
            }
            classes[n] = names.computeIfAbsent(y, d -> Double.toString(d));
            return null;
        }
    }
}
