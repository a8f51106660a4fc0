package dev.sparkfit.data;

import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.Task;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.FilePartition;
import org.apache.spark.sql.execution.datasources.FileScanRDD;
import org.apache.spark.sql.execution.datasources.PartitionedFile;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one pass over a plain CSV input without Spark's CSV reader: each partition's file splits, as Spark
 * plans them for the same read (so rows fall into the same partitions in the same order), are parsed by
 * {@link CsvSplitReader} straight into {@link IngestPass}. Spark's reader stays the path for what this one
 * does not read: compressed files, quoted fields (a partition that meets a quote character makes the whole
 * read fall back), and any plan that is not a plain file scan. Same rows, same checks, same messages.
 */
final class CsvSplits {

    private CsvSplits() {
    }

    /**
     * The checked rows of the CSV that {@code typed} reads (the header's columns, typed, without the
     * corrupt-record column), or null when Spark's reader must read it.
     */
    static CheckedRows check(SparkSession spark, Dataset<Row> typed, List<String> numeric, List<String> categorical,
                             String label, Task task, List<String> classes, MissingPolicy missing,
                             int categoryCap, int classCap, String weight) {
        List<List<CsvSplitReader.Split>> plan = plan(spark, typed);
        return plan == null ? null : check(spark, plan, typed.schema(), numeric, categorical, label, task, classes,
                missing, categoryCap, classCap, weight);
    }

    /** As above, over the file splits of {@code plan}, read with {@code typed} (the header's columns, typed). */
    static CheckedRows check(SparkSession spark, List<List<CsvSplitReader.Split>> plan, StructType typed,
                             List<String> numeric, List<String> categorical, String label, Task task,
                             List<String> classes, MissingPolicy missing, int categoryCap, int classCap, String weight) {
        List<StructField> fields = new ArrayList<>(Arrays.asList(typed.fields()));
        fields.add(DataTypes.createStructField(DataReader.CORRUPT, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(RowChecks.FILE, DataTypes.StringType, true));
        StructType scanned = DataTypes.createStructType(fields);
        IngestPass pass = new IngestPass(scanned, numeric, categorical, label, task, classes, missing, categoryCap,
                classCap, weight);
        int maxRows = pass.chunkRows(IngestPass.CHUNK_CELLS);
        CheckedRows checked = SplitScan.check(spark, plan, scanned, pass, maxRows, CsvSplitReader::new,
                chunks -> CheckedRows.of(chunks, List.of(typed.fieldNames()), numeric, categorical, label, task,
                        categoryCap, classCap));
        if (checked.unread()) {
            checked.release();
            return null;
        }
        return checked;
    }

    /** Each partition's file splits as Spark's scan of {@code typed} has them, or null when that is no plain file scan. */
    static List<List<CsvSplitReader.Split>> plan(SparkSession spark, Dataset<Row> typed) {
        RDD<?> rdd = typed.queryExecution().toRdd();
        while (!(rdd instanceof FileScanRDD)) {
            if (rdd.dependencies().size() != 1) {
                return null;
            }
            rdd = rdd.dependencies().head().rdd();
        }
        CompressionCodecFactory codecs = new CompressionCodecFactory(spark.sparkContext().hadoopConfiguration());
        List<List<CsvSplitReader.Split>> plan = new ArrayList<>();
        for (org.apache.spark.Partition p : rdd.partitions()) {
            List<CsvSplitReader.Split> splits = new ArrayList<>();
            for (PartitionedFile f : ((FilePartition) p).files()) {
                if (codecs.getCodec(f.toPath()) != null) {
                    return null; // compressed: Spark's reader decompresses
                }
                splits.add(new CsvSplitReader.Split(f.urlEncodedPath(), f.start(), f.length()));
            }
            plan.add(splits);
        }
        return plan.isEmpty() ? null : plan;
    }

    /**
     * {@link ColumnProbe}'s counts of {@code columns} over the first {@code limit} rows of the CSV that
     * {@code raw} reads (as text, with the corrupt-record column), read partition by partition as take()
     * does; null when Spark's reader must read it.
     */
    static long[] probe(SparkSession spark, Dataset<Row> raw, List<String> columns, int limit) {
        List<List<CsvSplitReader.Split>> plan = plan(spark, raw);
        if (plan == null) {
            return null;
        }
        List<StructField> fields = new ArrayList<>();
        for (StructField f : raw.schema().fields()) {
            if (!f.name().equals(DataReader.CORRUPT)) {
                fields.add(f);
            }
        }
        List<String> names = fields.stream().map(StructField::name).toList();
        int[] at = columns.stream().mapToInt(names::indexOf).toArray();
        int[] kind = new int[at.length]; // all TEXT: the cells are read as strings
        fields.add(DataTypes.createStructField(DataReader.CORRUPT, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(RowChecks.FILE, DataTypes.StringType, true));
        StructType scanned = DataTypes.createStructType(fields);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> conf = jsc.broadcast(
                new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        JavaRDD<List<CsvSplitReader.Split>> splits = jsc.parallelize(plan, plan.size());
        int n = at.length;
        long[] counts = new long[2 * n + 1];
        try {
            for (int p = 0; p < plan.size() && counts[2 * n] < limit; p++) {
                long want = limit - counts[2 * n];
                List<long[]>[] got = splits.map(s -> {
                    try (CsvSplitReader reader = new CsvSplitReader(s, conf.value().value(), scanned)) {
                        long[] c = ColumnProbe.count(reader, kind, at, want);
                        return reader.unread() ? null : c;
                    }
                }).collectPartitions(new int[] {p});
                if (got[0].get(0) == null) {
                    return null;
                }
                for (int i = 0; i < counts.length; i++) {
                    counts[i] += got[0].get(0)[i];
                }
            }
        } finally {
            conf.destroy();
        }
        return counts;
    }
}
