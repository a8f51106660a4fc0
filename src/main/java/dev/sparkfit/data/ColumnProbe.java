package dev.sparkfit.data;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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

    private final Map<String, long[]> stats;

    private ColumnProbe(Map<String, long[]> stats) {
        this.stats = stats;
    }

    static ColumnProbe run(Dataset<Row> raw, List<String> columns) {
        int n = columns.size();
        // Counted on the executors with a plain loop; only 2 numbers per column reach the driver.
        // (A SQL aggregate per column makes plans too large to compile on wide files: 784 pixel
        // columns took 12 s that way.)
        long[] counts = raw.select(columns.stream().map(org.apache.spark.sql.functions::col)
                        .toArray(org.apache.spark.sql.Column[]::new))
                .limit(SAMPLE_ROWS).javaRDD()
                .mapPartitions(rows -> List.of(count(rows, n)).iterator())
                .fold(new long[2 * n], ColumnProbe::add);
        Map<String, long[]> stats = new HashMap<>();
        for (int i = 0; i < n; i++) {
            stats.put(columns.get(i), new long[] {counts[2 * i], counts[2 * i + 1]});
        }
        return new ColumnProbe(stats);
    }

    private static long[] count(java.util.Iterator<Row> rows, int n) {
        long[] c = new long[2 * n];
        while (rows.hasNext()) {
            Row r = rows.next();
            for (int i = 0; i < n; i++) {
                Object v = r.get(i);
                if (v == null || v.toString().isBlank()) {
                    continue;
                }
                c[2 * i]++;
                if (!(v instanceof Number) && !parses(v.toString().trim())) {
                    c[2 * i + 1]++;
                }
            }
        }
        return c;
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

    long nonNull(String c) {
        return stats.get(c)[0];
    }

    /** True when at least one cell parses and the unparsable share is at most {@code maxBad}. */
    boolean isNumeric(String c, double maxBad) {
        long[] s = stats.get(c);
        return s[0] > 0 && s[1] < s[0] && s[1] <= maxBad * s[0];
    }
}
