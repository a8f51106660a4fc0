package dev.sparkfit.data;

import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.Task;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Parquet files of flat columns (numbers, booleans, strings) opened without Spark SQL: the schema read from
 * the footers on the driver, as Spark's schema inference reads it; the splits planned as Spark's file scan
 * plans them (so rows land in the same partitions, in the same order); the column probe read on the driver
 * from the first rows; the one pass read by {@link ParquetSplitReader} straight into {@link IngestPass}.
 * Anything else (nested or vector columns, decimals, dates, partitioned folders, summary files, files whose
 * schemas differ, {@code mergeSchema}) is left to Spark's reader. Spark SQL's first query (the analyzer, a
 * schema-inference job, code generation over wide rows) costs seconds in a fresh JVM.
 */
final class ParquetFile {

    private final String path;
    private final StructType schema;
    private final List<List<CsvSplitReader.Split>> plan;

    private ParquetFile(String path, StructType schema, List<List<CsvSplitReader.Split>> plan) {
        this.path = path;
        this.schema = schema;
        this.plan = plan;
    }

    /** The columns, as Spark's reader names them. */
    List<String> columns() {
        return List.of(schema.fieldNames());
    }

    /** The columns with the types Spark's reader gives them. */
    StructType schema() {
        return schema;
    }

    /** Each partition's file splits, as Spark's scan of these files has them. */
    List<List<CsvSplitReader.Split>> plan() {
        return plan;
    }

    /** The Parquet file or folder at {@code path} when this class reads it, else null (Spark's reader reads it). */
    static ParquetFile open(SparkSession spark, String path) {
        if (path.chars().anyMatch(c -> "*?[]{}\\".indexOf(c) >= 0)) {
            return null; // a glob: Spark expands it
        }
        Function<String, String> sql = CsvFile.sqlConf(spark);
        if (Boolean.parseBoolean(String.valueOf(sql.apply("spark.sql.parquet.mergeSchema")))) {
            return null;
        }
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            List<FileStatus> files = dataFiles(conf, path);
            if (files == null) {
                return null;
            }
            StructType schema = null;
            MessageType parquetSchema = null;
            for (FileStatus f : files) { // Spark takes one file's schema; here every file must have it
                FileMetaData meta = footer(conf, f);
                if (meta == null) {
                    return null; // Spark's reader may hold the keys of an encrypted footer
                }
                StructType s = ParquetSchema.of(meta);
                if (s == null || schema != null && (!schema.equals(s) || !parquetSchema.equals(meta.getSchema()))) {
                    return null;
                }
                schema = s;
                parquetSchema = meta.getSchema();
            }
            boolean caseSensitive = Boolean.parseBoolean(String.valueOf(sql.apply("spark.sql.caseSensitive")));
            Set<String> seen = new HashSet<>();
            for (String n : schema.fieldNames()) {
                if (!seen.add(caseSensitive ? n : n.toLowerCase(Locale.ROOT))) {
                    return null; // Spark refuses the read; let it say so
                }
            }
            List<List<CsvSplitReader.Split>> plan = SplitScan.plan(sql, spark.sparkContext().defaultParallelism(),
                    files.stream().map(f -> new SplitScan.File(f.getPath().toUri().toString(), f.getLen())).toList());
            return plan == null ? null : new ParquetFile(path, schema, plan);
        } catch (DataException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            return null; // Spark's reader reports it
        }
    }

    /**
     * The data files of {@code path} in the order Spark's file index lists them (the file itself, or a
     * folder's files as its file system lists them, hidden and {@code _} names left out); null for a layout
     * this class leaves to Spark: subfolders (partitions), summary files, empty files, no file at all.
     */
    private static List<FileStatus> dataFiles(Configuration conf, String path) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf);
        FileStatus st = fs.getFileStatus(p);
        List<FileStatus> out = new ArrayList<>();
        if (!st.isDirectory()) {
            String name = st.getPath().getName();
            if (name.startsWith("_") || name.startsWith(".")) {
                return null;
            }
            out.add(st);
        } else {
            RemoteIterator<? extends FileStatus> it = fs.listLocatedStatus(st.getPath()); // as Spark's index lists
            while (it.hasNext()) {
                FileStatus f = it.next();
                String name = f.getPath().getName();
                if (f.isDirectory() || name.startsWith("_metadata") || name.startsWith("_common_metadata")
                        || name.startsWith("_") && name.contains("=")) {
                    return null;
                }
                if (!name.startsWith("_") && !name.startsWith(".") && !name.endsWith("._COPYING_")) {
                    out.add(f);
                }
            }
        }
        return out.isEmpty() || out.stream().anyMatch(f -> f.getLen() == 0) ? null : out;
    }

    /**
     * The footer's file metadata; null for an encrypted footer (left to Spark's reader and its keys). A file
     * whose footer cannot be decoded (truncated, overwritten, not Parquet) is bad input naming the file, where
     * Spark's reader failed a job with a multi-line stack (exit 5).
     */
    private static FileMetaData footer(Configuration conf, FileStatus f) throws IOException {
        org.apache.parquet.ParquetReadOptions options = HadoopReadOptions.builder(conf, f.getPath())
                .withMetadataFilter(ParquetMetadataConverter.SKIP_ROW_GROUPS).build();
        try (ParquetFileReader r = new ParquetFileReader(HadoopInputFile.fromStatus(f, conf), options)) {
            return r.getFooter().getFileMetaData();
        } catch (org.apache.parquet.crypto.ParquetCryptoRuntimeException e) {
            return null;
        } catch (RuntimeException | java.io.EOFException | org.apache.hadoop.fs.ChecksumException e) {
            throw unreadable(f, e);
        } catch (IOException e) {
            // "can not read ...": parquet's words for a footer whose bytes were read but do not decode
            if (String.valueOf(e.getMessage()).contains("can not read")) {
                throw unreadable(f, e);
            }
            throw e; // an I/O failure, not the file's content: Spark's reader meets it again and reports it
        }
    }

    private static DataException unreadable(FileStatus f, Exception e) {
        return new DataException("data.path: '" + f.getPath() + "' is not a readable Parquet file ("
                + CatalogSource.firstLine(e) + ")");
    }

    /** The named columns, in the files' order, with their types, then {@code extra}. */
    private StructType select(List<String> wanted, StructField... extra) {
        List<StructField> fields = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (wanted.contains(f.name())) {
                fields.add(f);
            }
        }
        fields.addAll(List.of(extra));
        return DataTypes.createStructType(fields);
    }

    /**
     * {@link ColumnProbe}'s counts of {@code probed} over the first {@code limit} rows, in partition order, as
     * Spark's probe job counts them: from the row groups' statistics when every probed column is typed (a
     * number or a boolean, whose count is its non-null cells) and has no null in the row groups those rows
     * lie in, else read on the driver.
     */
    long[] probe(SparkSession spark, List<String> probed, int limit) {
        int[] kind = new int[probed.size()];
        for (int i = 0; i < kind.length; i++) {
            DataType t = schema.apply(probed.get(i)).dataType();
            kind[i] = t instanceof org.apache.spark.sql.types.StringType ? ColumnProbe.TEXT
                    : t instanceof org.apache.spark.sql.types.NumericType ? ColumnProbe.NUMBER : ColumnProbe.OTHER;
        }
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            long[] counts = fromStatistics(conf, probed, kind, limit);
            return counts != null ? counts : read(conf, probed, kind, limit);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The probe's counts from the row groups' null counts, or null when a column needs its cells read. */
    private long[] fromStatistics(Configuration conf, List<String> probed, int[] kind, int limit) throws IOException {
        int n = probed.size();
        long[] counts = new long[2 * n + 1];
        for (List<CsvSplitReader.Split> partition : plan) {
            for (CsvSplitReader.Split s : partition) {
                if (counts[2 * n] >= limit) {
                    return counts;
                }
                Path path = new Path(java.net.URI.create(s.file()));
                org.apache.parquet.ParquetReadOptions options = HadoopReadOptions.builder(conf, path)
                        .withRange(s.start(), s.start() + s.length()).build(); // the split's row groups, as read
                List<BlockMetaData> groups;
                try (ParquetFileReader r = new ParquetFileReader(HadoopInputFile.fromPath(path, conf), options)) {
                    groups = r.getRowGroups();
                }
                for (BlockMetaData g : groups) {
                    long take = Math.min(g.getRowCount(), limit - counts[2 * n]);
                    if (take <= 0) {
                        break;
                    }
                    for (int i = 0; i < n; i++) {
                        Statistics<?> st = statistics(g, probed.get(i));
                        if (kind[i] == ColumnProbe.TEXT || st == null || !st.isNumNullsSet() || st.getNumNulls() != 0) {
                            return null;
                        }
                        counts[2 * i] += take;
                        counts[2 * i + 1] += kind[i] == ColumnProbe.OTHER ? take : 0;
                    }
                    counts[2 * n] += take;
                }
            }
        }
        return counts;
    }

    private static Statistics<?> statistics(BlockMetaData g, String column) {
        for (ColumnChunkMetaData c : g.getColumns()) {
            String[] p = c.getPath().toArray();
            if (p.length == 1 && p[0].equals(column)) {
                return c.getStatistics();
            }
        }
        return null;
    }

    /** The probe's counts from the first rows' cells, read on the driver in partition order. */
    private long[] read(Configuration conf, List<String> probed, int[] kind, int limit) throws IOException {
        StructType read = select(probed);
        List<String> order = List.of(read.fieldNames());
        int[] at = probed.stream().mapToInt(order::indexOf).toArray();
        int n = at.length;
        long[] counts = new long[2 * n + 1];
        for (int p = 0; p < plan.size() && counts[2 * n] < limit; p++) {
            try (ParquetSplitReader reader = new ParquetSplitReader(plan.get(p), conf, read)) {
                long[] c = ColumnProbe.count(reader, kind, at, limit - counts[2 * n]);
                for (int i = 0; i < counts.length; i++) {
                    counts[i] += c[i];
                }
            }
        }
        return counts;
    }

    /**
     * The one pass ({@link CheckedRows}) over the used columns: each partition's splits read by
     * {@link ParquetSplitReader} into {@link IngestPass}, in one Spark job that also fills the cache.
     */
    CheckedRows check(SparkSession spark, List<String> numeric, List<String> categorical, String label, Task task,
                      List<String> classes, MissingPolicy missing, int categoryCap, int classCap, String weight) {
        List<String> used = new ArrayList<>(numeric);
        used.addAll(categorical);
        used.add(label);
        if (weight != null) {
            used.add(weight);
        }
        StructType scanned = select(used, DataTypes.createStructField(RowChecks.FILE, DataTypes.StringType, false));
        IngestPass pass = new IngestPass(scanned, numeric, categorical, label, task, classes, missing, categoryCap,
                classCap, weight);
        int maxRows = pass.chunkRows(IngestPass.CHUNK_CELLS);
        CheckedRows checked = SplitScan.check(spark, plan, scanned, pass, maxRows, ParquetSplitReader::new,
                chunks -> CheckedRows.of(chunks, List.of(scanned.fieldNames()), numeric, categorical, label, task,
                        categoryCap, classCap));
        return checked;
    }


    @Override
    public String toString() {
        return path;
    }
}
