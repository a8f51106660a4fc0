package dev.sparkfit.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.apache.spark.util.TaskCompletionListener;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * What the readers that bypass Spark SQL share ({@link CsvFile}, {@link ParquetFile}): the partitions of a
 * file scan planned as Spark plans them, and the one Spark job that opens each partition's splits on an
 * executor and reads them through {@link IngestPass} into the cached chunks.
 */
final class SplitScan {

    /** A file of the scan: its URI as the splits name it, and its length in bytes. */
    record File(String uri, long length) {
    }

    /** One partition's splits read as rows of the scanned schema. */
    interface Reader extends Iterator<InternalRow>, AutoCloseable {

        /** True when the reader stopped at something it leaves to Spark's reader (the whole read falls back). */
        default boolean unread() {
            return false;
        }

        @Override
        void close() throws IOException;
    }

    /** Opens a partition's reader on the executor (a reader's constructor). */
    interface Opener extends Serializable {
        Reader open(List<CsvSplitReader.Split> splits, Configuration conf, StructType scanned) throws IOException;
    }

    private SplitScan() {
    }

    /**
     * The partitions of {@code files} (in listing order) as Spark 3.5's file scan plans them: split size
     * min(maxPartitionBytes, max(openCost, sum(length + openCost) / minPartitionNum)), each file cut into
     * splits of that size, the splits sorted by length, longest first (a stable sort), then packed into
     * partitions while they fit, each counting openCost more. Null under {@code spark.sql.files.maxPartitionNum}
     * (which coalesces further) or when there is nothing to read.
     */
    static List<List<CsvSplitReader.Split>> plan(Function<String, String> conf, int defaultParallelism,
                                                 List<File> files) {
        if (conf.apply("spark.sql.files.maxPartitionNum") != null) {
            return null;
        }
        long openCost = bytes(conf.apply("spark.sql.files.openCostInBytes"), 4L << 20);
        long maxBytes = bytes(conf.apply("spark.sql.files.maxPartitionBytes"), 128L << 20);
        String leaf = conf.apply("spark.sql.leafNodeDefaultParallelism");
        String min = conf.apply("spark.sql.files.minPartitionNum");
        int minPartitions = min != null ? Integer.parseInt(min.trim())
                : leaf != null ? Integer.parseInt(leaf.trim()) : defaultParallelism;
        long total = files.stream().mapToLong(f -> f.length() + openCost).sum();
        long maxSplit = Math.min(maxBytes, Math.max(openCost, total / minPartitions));
        List<CsvSplitReader.Split> splits = new ArrayList<>();
        for (File f : files) {
            for (long offset = 0; offset < f.length(); offset += maxSplit) {
                splits.add(new CsvSplitReader.Split(f.uri(), offset, Math.min(maxSplit, f.length() - offset)));
            }
        }
        splits.sort(Comparator.comparingLong(CsvSplitReader.Split::length).reversed()); // List.sort is stable
        List<List<CsvSplitReader.Split>> plan = new ArrayList<>();
        List<CsvSplitReader.Split> current = new ArrayList<>();
        long size = 0;
        for (CsvSplitReader.Split s : splits) {
            if (size + s.length() > maxSplit && !current.isEmpty()) {
                plan.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            size += s.length() + openCost;
            current.add(s);
        }
        if (!current.isEmpty()) {
            plan.add(current);
        }
        return plan.isEmpty() ? null : plan;
    }

    private static long bytes(String v, long unset) {
        return v == null ? unset : org.apache.spark.network.util.JavaUtils.byteStringAsBytes(v.trim());
    }

    /**
     * The one pass over {@code plan}: partition p reads the splits {@code plan.get(p)} with the reader
     * {@code opener} makes, through {@code pass}, in chunks of at most {@code maxRows} rows; {@code gather}
     * runs the job (it caches the chunks and counts). A chunk read after the reader stopped at something it
     * leaves to Spark is marked unread.
     */
    static CheckedRows check(SparkSession spark, List<List<CsvSplitReader.Split>> plan, StructType scanned,
                             IngestPass pass, int maxRows, Opener opener,
                             Function<JavaRDD<RowChunk>, CheckedRows> gather) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // Spark's Hadoop settings (credentials, file systems) reach the executors as one broadcast.
        Broadcast<SerializableConfiguration> conf = jsc.broadcast(
                new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        // One element per partition, so element p is partition p (parallelize slices evenly).
        JavaRDD<RowChunk> chunks = jsc.parallelize(plan, plan.size()).mapPartitionsWithIndex((p, it) -> {
            Reader reader = opener.open(it.next(), conf.value().value(), scanned);
            // Chunks are produced lazily (bounded, as from Spark's reader); the file closes with the task.
            TaskContext.get().addTaskCompletionListener((TaskCompletionListener) ctx -> closeQuietly(reader));
            Iterator<RowChunk> read = pass.run(p, reader, maxRows);
            return new Iterator<RowChunk>() {
                @Override
                public boolean hasNext() {
                    return read.hasNext();
                }

                @Override
                public RowChunk next() {
                    RowChunk c = read.next();
                    return reader.unread() ? c.asUnread() : c;
                }
            };
        }, true);
        CheckedRows checked = gather.apply(chunks);
        conf.unpersist(false); // read by the one job above; a rebuilt chunk fetches it again
        return checked;
    }

    static void closeQuietly(AutoCloseable reader) {
        try {
            reader.close();
        } catch (Exception e) {
            // read to the end or failed already; nothing is lost by not closing cleanly
        }
    }
}
