package dev.sparkfit.data;

import dev.sparkfit.config.DataFormat;
import dev.sparkfit.config.DataSource;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Opens an input path with Spark's own readers. CSV is read with an explicit all-string schema
 * taken from the header plus a corrupt-record column, so that rows with too few or too many
 * fields are flagged instead of silently padded or cut; typing happens later in {@link RowChecks}.
 * One plain CSV file ({@link CsvFile}) and Parquet files of flat columns ({@link ParquetFile}) are opened
 * without Spark SQL; Spark's reader of them is made only when a later step asks for its rows.
 */
public final class DataReader {

    /** Spark's name for the column that receives malformed CSV lines. */
    public static final String CORRUPT = "__sparkfit_corrupt_record";

    private DataReader() {
    }

    /** The format a path is read as: the given one, or guessed from the extension. */
    public static DataFormat resolveFormat(SparkSession spark, String path, DataFormat format) {
        if (format != DataFormat.AUTO) {
            return format;
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".parquet")) {
            return DataFormat.PARQUET;
        }
        if (lower.endsWith(".orc")) {
            return DataFormat.ORC;
        }
        if (lower.endsWith(".libsvm") || lower.endsWith(".svm")) {
            return DataFormat.LIBSVM;
        }
        if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
            return DataFormat.CSV;
        }
        for (FileStatus st : list(spark, path)) {
            String name = st.getPath().getName().toLowerCase(Locale.ROOT);
            if (name.endsWith(".parquet")) {
                return DataFormat.PARQUET;
            }
            if (name.endsWith(".orc")) {
                return DataFormat.ORC;
            }
        }
        return DataFormat.CSV;
    }

    /**
     * Reads {@code path}: CSV as strings (plus {@link #CORRUPT}), Parquet with its own types,
     * libsvm as {@code label} and {@code features}.
     */
    public static Dataset<Row> read(SparkSession spark, String path, DataFormat format) {
        requireNonEmpty(spark, path);
        return switch (format) {
            case PARQUET -> spark.read().parquet(path);
            case ORC -> spark.read().orc(path);
            case LIBSVM -> spark.read().format("libsvm").load(path);
            case CSV, AUTO -> readCsv(spark, path, quotedLineBreaks(spark, path));
        };
    }

    /**
     * Rows as read, and the format they were read as (AUTO for a table or a query); {@code path} and
     * {@code multiLine} (see {@link #csvOptions}) tell a typed re-read of a CSV file how to read it.
     * {@code scanned}: false while a CSV file is read as plain lines without the scan for quoted line breaks,
     * which only Spark's reader needs ({@link CsvSplitReader} stops at a quote); {@link #scan} does it then.
     * {@code csv}: a plain CSV file opened without Spark SQL ({@link CsvFile}), or null; its {@link #rows}
     * (Spark's reader of it) are made only when asked for. {@code parquet}: Parquet files of flat columns opened
     * without Spark SQL ({@link ParquetFile}), or null; likewise.
     */
    public static final class Opened {
        private final SparkSession spark;
        private Dataset<Row> rows;
        private final DataFormat format;
        private final String path;
        private final boolean multiLine, scanned;
        private final CsvFile csv;
        private final ParquetFile parquet;

        Opened(Dataset<Row> rows, DataFormat format, String path, boolean multiLine, boolean scanned) {
            this(null, rows, format, path, multiLine, scanned, null, null);
        }

        private Opened(SparkSession spark, Dataset<Row> rows, DataFormat format, String path, boolean multiLine,
                       boolean scanned, CsvFile csv, ParquetFile parquet) {
            this.spark = spark;
            this.rows = rows;
            this.format = format;
            this.path = path;
            this.multiLine = multiLine;
            this.scanned = scanned;
            this.csv = csv;
            this.parquet = parquet;
        }

        public Dataset<Row> rows() {
            if (rows == null) { // a file opened directly, through Spark's reader, when something needs its rows
                rows = parquet != null ? spark.read().parquet(path) : readCsv(spark, path, multiLine);
            }
            return rows;
        }

        public DataFormat format() {
            return format;
        }

        public String path() {
            return path;
        }

        public boolean multiLine() {
            return multiLine;
        }

        public boolean scanned() {
            return scanned;
        }

        CsvFile csv() {
            return csv;
        }

        ParquetFile parquet() {
            return parquet;
        }

        /** True when the file is read without Spark SQL ({@link CsvFile}, {@link ParquetFile}): flat columns only. */
        boolean direct() {
            return csv != null || parquet != null;
        }

        /** The input's columns (without {@link #CORRUPT}), from the header or footer when Spark's reader is not needed. */
        List<String> columns() {
            if (csv != null) {
                return new ArrayList<>(csv.columns());
            }
            if (parquet != null) {
                return new ArrayList<>(parquet.columns());
            }
            List<String> cols = new ArrayList<>(List.of(rows().columns()));
            cols.remove(CORRUPT);
            return cols;
        }

        /** True for CSV text read with {@link #CORRUPT} (Spark's reader or {@link CsvSplitReader}). */
        boolean text() {
            return csv != null || parquet == null && List.of(rows().columns()).contains(CORRUPT);
        }

        /** This input with {@code multiLine} decided by the scan (and the rows read again when it is on). */
        public Opened scan(SparkSession spark) {
            if (scanned) {
                return this;
            }
            boolean on = quotedLineBreaks(spark, path);
            return new Opened(spark, on ? readCsv(spark, path, true) : rows, format, path, on, true, on ? null : csv, null);
        }
    }

    /** The rows of {@code source}: files with Spark's readers, a table or a query through the catalog. */
    public static Opened open(SparkSession spark, DataSource source) {
        if (source instanceof DataSource.Files f) {
            DataFormat format = resolveFormat(spark, f.path(), f.format());
            if (format == DataFormat.CSV || format == DataFormat.AUTO) {
                requireNonEmpty(spark, f.path());
                byte[] head = firstBytes(spark, f.path());
                if (head != null && !hasQuote(head)) {
                    // Plain lines as far as the header and the first rows go: the scan waits until Spark's reader
                    // needs it. A single plain file is opened without Spark SQL (its first query costs seconds).
                    CsvFile csv = CsvFile.open(spark, f.path(), head);
                    return new Opened(spark, csv == null ? readCsv(spark, f.path(), false) : null, DataFormat.CSV,
                            f.path(), false, false, csv, null);
                }
                boolean multiLine = quotedLineBreaks(spark, f.path()); // decided once per read
                return new Opened(readCsv(spark, f.path(), multiLine), DataFormat.CSV, f.path(), multiLine, true);
            }
            if (format == DataFormat.PARQUET) {
                requireNonEmpty(spark, f.path());
                // Flat columns: the footers read on the driver, the rows through Spark's reader only when needed.
                ParquetFile parquet = ParquetFile.open(spark, f.path());
                if (parquet != null) {
                    return new Opened(spark, null, format, f.path(), false, true, null, parquet);
                }
            }
            return new Opened(read(spark, f.path(), format), format, f.path(), false, true);
        }
        return new Opened(source instanceof DataSource.Table t ? CatalogSource.table(spark, t.name())
                : CatalogSource.query(spark, ((DataSource.Query) source).sql()), DataFormat.AUTO, null, false, true);
    }

    /**
     * The first {@value #NEAR_START} bytes of the first data file (its header among them), or null when
     * they cannot be read (the scan and Spark's reader then report it).
     */
    private static byte[] firstBytes(SparkSession spark, String path) {
        for (FileStatus f : list(spark, path)) {
            String name = f.getPath().getName();
            if (name.startsWith("_") || name.startsWith(".") || f.getLen() == 0) {
                continue;
            }
            try {
                return CsvFile.head(f.getPath().getFileSystem(spark.sparkContext().hadoopConfiguration()),
                        f.getPath(), NEAR_START);
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean hasQuote(byte[] b) {
        for (byte x : b) {
            if (x == '"') {
                return true;
            }
        }
        return false;
    }

    private static final int NEAR_START = 1 << 20;

    /** The header's names as Spark names them; refused when one is empty or repeated, or there are none. */
    static List<String> checkHeader(String path, String[] names) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals("_c" + i)) { // Spark's name for an empty header cell
                throw new DataException(path + ": line 1 (the header): column " + (i + 1) + " has no name");
            }
            if (!seen.add(names[i])) {
                throw new DataException(path + ": column '" + names[i] + "' appears twice in the header");
            }
        }
        if (names.length == 0) {
            throw new DataException(path + ": no header line (the file is empty)");
        }
        return List.of(names);
    }

    private static Dataset<Row> readCsv(SparkSession spark, String path, boolean multiLine) {
        // Header only (no inference pass): every column is read as a string and typed by RowChecks.
        StructType header = csvOptions(spark, multiLine).option("header", true).csv(path).schema();
        List<StructField> fields = new ArrayList<>();
        for (String name : checkHeader(path, header.fieldNames())) {
            fields.add(DataTypes.createStructField(name, DataTypes.StringType, true));
        }
        fields.add(DataTypes.createStructField(CORRUPT, DataTypes.StringType, true));
        // Not cached: Spark matches cached plans by path, so a cache would outlive a changed file in
        // a long-lived session. Every query below also reads a real column, which Spark requires
        // of queries that touch the corrupt-record column.
        return readCsv(spark, path, DataTypes.createStructType(fields), multiLine);
    }

    /**
     * Reads a CSV file with {@code schema}, the header's columns with their types. When {@link #CORRUPT}
     * ends the schema, a line with a cell that does not convert to its column's type, or with the wrong
     * number of fields, is kept with its text in {@link #CORRUPT}; without it the read fails on such a
     * line (FAILFAST: Spark then skips the per-cell bookkeeping of the corrupt-record column, a third of
     * the reading time on MNIST). Numbers are read as Java's {@code Double.parseDouble} reads them (Spark's
     * own spellings of NaN and infinity are switched off), so typed and text reads agree on what is a number.
     * {@code multiLine}: see {@link #csvOptions}.
     */
    static Dataset<Row> readCsv(SparkSession spark, String path, StructType schema, boolean multiLine) {
        boolean permissive = List.of(schema.fieldNames()).contains(CORRUPT);
        return csvOptions(spark, multiLine)
                .schema(schema)
                .option("header", true)
                .option("mode", permissive ? "PERMISSIVE" : "FAILFAST")
                .option("columnNameOfCorruptRecord", CORRUPT)
                .option("ignoreLeadingWhiteSpace", true)
                .option("ignoreTrailingWhiteSpace", true)
                .option("nanValue", "\u0000NaN")
                .option("positiveInf", "\u0000Inf")
                .option("negativeInf", "\u0000-Inf")
                .csv(path);
    }

    /**
     * RFC 4180: a field may be quoted, a quote inside it is doubled ({@code ""}), and a quoted field may hold
     * commas and line breaks. Spark splits a file into line ranges unless {@code multiLine} is on, and
     * multiLine reads each file in one task, so it is switched on only when a quoted field spans lines:
     * when some line has an odd number of quote characters (one scan of the text, which stops at the
     * first such line).
     */
    private static org.apache.spark.sql.DataFrameReader csvOptions(SparkSession spark, boolean multiLine) {
        return spark.read().option("quote", "\"").option("escape", "\"").option("multiLine", multiLine);
    }

    /** True when a quoted field of the CSV at {@code path} holds a line break. */
    static boolean quotedLineBreaks(SparkSession spark, String path) {
        Column value = functions.col("value");
        Column quotes = functions.length(value).minus(functions.length(functions.translate(value, "\"", "")));
        // contains() first: a byte search, and lines without a quote (all of a numeric file) skip the count
        return !spark.read().text(path).filter(value.contains("\"").and(quotes.mod(2).equalTo(1))).limit(1).isEmpty();
    }

    private static void requireNonEmpty(SparkSession spark, String path) {
        List<FileStatus> files = list(spark, path);
        long bytes = 0;
        for (FileStatus f : files) {
            if (!f.getPath().getName().startsWith("_") && !f.getPath().getName().startsWith(".")) {
                bytes += f.getLen();
            }
        }
        if (bytes == 0) {
            throw new DataException("data.path: '" + path + "' is empty (no data files in it)");
        }
    }

    private static List<FileStatus> list(SparkSession spark, String path) {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                throw new DataException("data.path: '" + path + "' does not exist");
            }
            FileStatus st = fs.getFileStatus(p);
            return st.isDirectory() ? List.of(fs.listStatus(p)) : List.of(st);
        } catch (IOException e) {
            throw new DataException("data.path: '" + path + "' cannot be read: " + e.getMessage());
        }
    }
}
