package dev.sparkfit.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One plain CSV file (uncompressed, no quote character in its first megabyte) opened without Spark SQL:
 * its header read from the first bytes, as Spark's header read names the columns; its splits planned as
 * Spark's file scan plans them for the same read (so rows land in the same partitions, in the same order);
 * the column probe counted on the driver from the first rows' bytes. Spark SQL's first query (the analyzer,
 * a header-inference job and a probe job) costs seconds in a fresh JVM and none of it is needed here.
 */
final class CsvFile {

    /** Spark's default limit on a CSV's columns ({@code maxColumns}); a wider header is left to Spark. */
    private static final int MAX_COLUMNS = 20_480;

    private final String path;
    private final List<String> columns;
    private final List<List<CsvSplitReader.Split>> plan;

    private CsvFile(String path, List<String> columns, List<List<CsvSplitReader.Split>> plan) {
        this.path = path;
        this.columns = List.copyOf(columns);
        this.plan = plan;
    }

    /** The header's column names, as Spark's reader names them. */
    List<String> columns() {
        return columns;
    }

    /** Each partition's file splits, as Spark's scan of this file has them. */
    List<List<CsvSplitReader.Split>> plan() {
        return plan;
    }

    /**
     * The file at {@code path} when it is one plain file whose header line lies in {@code head} (its first
     * bytes, which hold no quote character), else null (a folder, a compressed file: Spark's reader reads it).
     */
    static CsvFile open(SparkSession spark, String path, byte[] head) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(conf);
            FileStatus st = fs.getFileStatus(p);
            if (st.isDirectory() || new CompressionCodecFactory(conf).getCodec(st.getPath()) != null) {
                return null;
            }
            String[] header = headerLine(head, head.length < st.getLen());
            if (header == null) {
                return null;
            }
            java.util.function.Function<String, String> sql = sqlConf(spark);
            List<String> names = DataReader.checkHeader(path, safeHeader(header,
                    Boolean.parseBoolean(String.valueOf(sql.apply("spark.sql.caseSensitive")))));
            List<List<CsvSplitReader.Split>> plan = SplitScan.plan(sql, spark.sparkContext().defaultParallelism(),
                    List.of(new SplitScan.File(st.getPath().toUri().toString(), st.getLen())));
            return plan == null ? null : new CsvFile(path, names, plan);
        } catch (IOException e) {
            return null; // Spark's reader reports it
        }
    }

    /**
     * The header's cells: the first line that is not blank (Hadoop's line reader drops a UTF-8 byte order
     * mark first), split at commas; null when that line may not end within {@code head}.
     */
    private static String[] headerLine(byte[] head, boolean more) {
        int from = head.length >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF ? 3 : 0;
        while (from < head.length) {
            int end = from;
            while (end < head.length && head[end] != '\n' && head[end] != '\r') {
                end++;
            }
            if (end == head.length && more) {
                return null;
            }
            String line = new String(head, from, end - from, StandardCharsets.UTF_8);
            if (!line.trim().isEmpty()) {
                String[] cells = line.split(",", -1);
                return cells.length > MAX_COLUMNS ? null : cells;
            }
            from = end + 1;
        }
        return new String[0]; // blank lines only
    }

    /**
     * Spark's names for header cells ({@code CSVDataSource.makeSafeHeader}): an empty cell is {@code _c<i>},
     * and a name that occurs more than once (ignoring case unless {@code spark.sql.caseSensitive}) gets its
     * position appended.
     */
    static String[] safeHeader(String[] cells, boolean caseSensitive) {
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (String c : cells) {
            if (!c.isEmpty()) {
                seen.merge(caseSensitive ? c : c.toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        String[] out = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            out[i] = c.isEmpty() ? "_c" + i : seen.get(caseSensitive ? c : c.toLowerCase(Locale.ROOT)) > 1 ? c + i : c;
        }
        return out;
    }

    /**
     * The session's {@code spark.sql.*} settings (null when unset): from its SQL state when something built it,
     * else from the Spark configuration it will be built from. Building that state (function registry, catalog)
     * costs a second or more in a fresh JVM, and a training run on a plain CSV file needs none of it.
     */
    static java.util.function.Function<String, String> sqlConf(SparkSession spark) {
        try {
            java.lang.reflect.Field f = SparkSession.class.getDeclaredField("sessionState"); // Scala's lazy val
            f.setAccessible(true);
            if (f.get(spark) == null) {
                org.apache.spark.SparkConf conf = spark.sparkContext().getConf();
                return key -> conf.get(key, null);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another Spark's layout: ask the session
        }
        SQLConf conf = spark.sessionState().conf();
        return key -> conf.getConfString(key, null);
    }

    /** The columns read, all as text, then {@link DataReader#CORRUPT} and {@link RowChecks#FILE}: the probe's rows. */
    private StructType textSchema() {
        List<StructField> fields = new ArrayList<>();
        for (String c : columns) {
            fields.add(DataTypes.createStructField(c, DataTypes.StringType, true));
        }
        fields.add(DataTypes.createStructField(DataReader.CORRUPT, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(RowChecks.FILE, DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    /**
     * {@link ColumnProbe}'s counts of {@code probed} over the first {@code limit} rows, read on the driver in
     * partition order; null when a line holds a quote character (Spark's reader must read the file).
     */
    long[] probe(SparkSession spark, List<String> probed, int limit) {
        int[] at = probed.stream().mapToInt(columns::indexOf).toArray();
        int n = at.length;
        long[] counts = new long[2 * n + 1];
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        for (int p = 0; p < plan.size() && counts[2 * n] < limit; p++) {
            try (CsvSplitReader reader = new CsvSplitReader(plan.get(p), conf, textSchema())) {
                if (!reader.probe(at, limit - counts[2 * n], counts)) {
                    return null;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return counts;
    }

    /** The first {@code n} bytes of {@code path} (fewer when it is shorter). */
    static byte[] head(FileSystem fs, Path path, int n) throws IOException {
        try (InputStream in = fs.open(path)) {
            return in.readNBytes(n);
        }
    }

    @Override
    public String toString() {
        return path;
    }
}
