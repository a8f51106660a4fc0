package dev.sparkfit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.config.BadRecords;
import dev.sparkfit.config.DataFormat;
import dev.sparkfit.config.DataSpec;
import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.Task;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.data.InputTables;
import dev.sparkfit.job.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.Map;

/**
 * One cell of the read-scaling table, in its own JVM: the training read of an MNIST-format input (CSV or
 * Parquet), probe, checks and the one pass into cached arrays, as {@code sparkfit train} does it, timed from
 * the session's start; then the driver's heap after a GC, minus the cached arrays (in local mode they live in
 * this JVM too). With {@code write-parquet SRC DST} it writes the CSV {@code SRC} as Parquet instead.
 */
public final class ReadScalingWorker {

    static final String PREFIX = "READ_RESULT ";
    static final String WRITE_PARQUET = "write-parquet";

    /** What one cell measured: {@code seconds} of read and check, {@code heapMb} beyond {@code arraysMb}. */
    public record Cell(String format, int multiple, long rows, double seconds, double heapMb, double arraysMb) {
    }

    private ReadScalingWorker() {
    }

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSessions.create("sparkfit bench --scaling (read)", "local[2]",
                Map.of("spark.ui.enabled", "false", "spark.driver.host", "127.0.0.1"));
        try {
            if (args[0].equals(WRITE_PARQUET)) {
                // Typed as a pipeline would write it: one int column per pixel.
                spark.read().option("header", true).option("inferSchema", true).csv(args[1]).write().parquet(args[2]);
                System.out.println(PREFIX + "{}");
            } else {
                System.out.println(PREFIX + new ObjectMapper().writeValueAsString(
                        run(spark, args[0], Integer.parseInt(args[1]), args[2])));
            }
        } finally {
            spark.stop();
        }
        System.out.flush();
        System.exit(0); // Spark's and ND4J's non-daemon threads must not keep the process alive
    }

    static Cell run(SparkSession spark, String format, int multiple, String path) {
        DataSpec spec = new DataSpec(path, format.equals("csv") ? DataFormat.CSV : DataFormat.PARQUET, "label",
                List.of(), List.of(), Task.CLASSIFICATION, MissingPolicy.MEAN, BadRecords.FAIL, 0.0);
        long t0 = System.nanoTime();
        InputTable table = InputTables.forTraining(spark, spec, line -> System.err.println(line));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long rows = table.goodRows();
        double arraysMb = rows * (table.numeric().size() * 8.0 + 8) / (1 << 20); // doubles, and a label reference
        double heapMb = (rt.totalMemory() - rt.freeMemory()) / (double) (1 << 20) - arraysMb;
        table.release();
        return new Cell(format, multiple, rows, seconds, heapMb, arraysMb);
    }
}
