package dev.sparkfit.data;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts, over the first {@value #SAMPLE_ROWS} raw rows and per column, the non-empty cells and
 * those that do not parse as a number. A column is numeric when its unparsable share is within the
 * allowed bad-record fraction, and categorical otherwise. Text found later in a numeric column makes
 * that row bad ({@link RowChecks} sees every row); list such a column in {@code data.categorical}
 * when it is really categorical.
 */
final class ColumnProbe {

    /** Rows the types are decided from; the sample reaches the driver, so it stays small. */
    static final int SAMPLE_ROWS = 10_000;

    static final int TEXT = 0, NUMBER = 1, OTHER = 2;

    private final Map<String, long[]> stats;

    private ColumnProbe(Map<String, long[]> stats) {
        this.stats = stats;
    }

    static ColumnProbe run(Dataset<Row> raw, List<String> columns) {
        int n = columns.size();
        Dataset<Row> selected = raw.select(columns.stream().map(c -> org.apache.spark.sql.functions.col("`" + c.replace("`", "``") + "`"))
                .toArray(org.apache.spark.sql.Column[]::new));
        int[] kind = new int[n]; // TEXT, NUMBER or OTHER (booleans, dates: never numbers)
        for (int i = 0; i < n; i++) {
            org.apache.spark.sql.types.DataType t = selected.schema().fields()[i].dataType();
            kind[i] = t instanceof org.apache.spark.sql.types.StringType ? TEXT
                    : t instanceof org.apache.spark.sql.types.NumericType ? NUMBER : OTHER;
        }
        // Counted on the executors with a plain loop over Spark's internal rows (no Java object per cell);
        // only 2 numbers per column reach the driver. The first partitions are read one job at a time, as
        // take() does, and each stops after the rows still wanted: no shuffle, no scan of the whole input.
        // (A SQL aggregate per column makes plans too large to compile on wide files: 784 pixel columns
        // took 12 s that way.)
        JavaRDD<InternalRow> rows = selected.queryExecution().toRdd().toJavaRDD();
        long[] counts = new long[2 * n + 1]; // the last: rows seen
        for (int p = 0; p < rows.getNumPartitions() && counts[2 * n] < SAMPLE_ROWS; p++) {
            long want = SAMPLE_ROWS - counts[2 * n];
            List<long[]>[] got = rows.mapPartitions(it -> List.of(count(it, kind, null, want)).iterator())
                    .collectPartitions(new int[] {p});
            counts = add(counts, got[0].get(0));
        }
        return of(columns, counts);
    }

    /**
     * As {@link #run(Dataset, List)} over {@code opened}'s rows; a plain CSV file's first rows are read by
     * {@link CsvSplitReader} instead of Spark's reader (the same rows and cells), whose set-up costs seconds
     * on wide files: on the driver for one file ({@link CsvFile#probe}), else in a Spark job per partition.
     * Null when that reader stops (a quote) on an input not yet {@link DataReader.Opened#scanned}: open it again.
     */
    static ColumnProbe run(SparkSession spark, DataReader.Opened opened, List<String> columns) {
        if (opened.parquet() != null) { // flat Parquet columns: the first rows read on the driver, no Spark job
            return of(columns, opened.parquet().probe(spark, columns, SAMPLE_ROWS));
        }
        if (opened.csv() != null) { // one plain file: its first rows read on the driver, no Spark job
            long[] counts = opened.csv().probe(spark, columns, SAMPLE_ROWS);
            if (counts != null) {
                return of(columns, counts);
            }
            if (!opened.scanned()) {
                return null;
            }
        }
        Dataset<Row> raw = opened.rows();
        if (opened.path() != null && !opened.multiLine() && List.of(raw.columns()).contains(DataReader.CORRUPT)) {
            long[] counts = CsvSplits.probe(spark, raw, columns, SAMPLE_ROWS);
            if (counts != null) {
                return of(columns, counts);
            }
            if (!opened.scanned()) {
                return null; // Spark's reader must read it, and it needs the scan first
            }
        }
        return run(raw, columns);
    }

    private static ColumnProbe of(List<String> columns, long[] counts) {
        int n = columns.size();
        Map<String, long[]> stats = new HashMap<>();
        for (int i = 0; i < n; i++) {
            stats.put(columns.get(i), new long[] {counts[2 * i], counts[2 * i + 1]});
        }
        return new ColumnProbe(stats);
    }

    /** Counts of the first {@code limit} rows; column i is the row's field {@code at[i]} (or i when {@code at} is null). */
    static long[] count(java.util.Iterator<InternalRow> rows, int[] kind, int[] at, long limit) {
        int n = kind.length;
        long[] c = new long[2 * n + 1];
        while (c[2 * n] < limit && rows.hasNext()) {
            InternalRow r = rows.next();
            c[2 * n]++;
            for (int i = 0; i < n; i++) {
                int f = at == null ? i : at[i];
                if (r.isNullAt(f)) {
                    continue;
                }
                if (kind[i] != TEXT) {
                    c[2 * i]++;
                    c[2 * i + 1] += kind[i] == OTHER ? 1 : 0;
                    continue;
                }
                String v = r.getUTF8String(f).toString().trim();
                if (v.isEmpty()) {
                    continue;
                }
                c[2 * i]++;
                if (!isPlainNumber(v) && !parses(v)) {
                    c[2 * i + 1]++;
                }
            }
        }
        return c;
    }

    /** Digits with at most one dot and a leading minus: a number without asking parseDouble. */
    private static boolean isPlainNumber(String s) {
        boolean digit = false, dot = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= '0' && ch <= '9') {
                digit = true;
            } else if (ch == '.' && !dot) {
                dot = true;
            } else if (!(ch == '-' && i == 0)) {
                return false;
            }
        }
        return digit;
    }

    private static long[] add(long[] a, long[] b) {
        long[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b[i];
        }
        return out;
    }

    /** True when {@code s} reads as a Java double. */
    static boolean parses(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** {non-empty cells, cells that are no number} of column {@code c}. */
    long[] counts(String c) {
        return stats.get(c).clone();
    }

    long nonNull(String c) {
        return stats.get(c)[0];
    }

    /** True when at least one cell parses and the unparsable share is at most {@code maxBad}. */
    boolean isNumeric(String c, double maxBad) {
        long[] s = stats.get(c);
        return s[0] > 0 && s[1] < s[0] && s[1] <= maxBad * s[0];
    }
}
