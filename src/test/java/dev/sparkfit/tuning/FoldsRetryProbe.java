package dev.sparkfit.tuning;

import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import dev.sparkfit.testutil.RetryingSpark;
import org.apache.spark.sql.SparkSession;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.apache.spark.sql.functions.monotonically_increasing_id;

/**
 * Run in its own JVM by {@link FoldsRetryTest}: a {@code local[2,4]} session (tasks may be retried),
 * iris dealt into 5 folds twice, once with the first attempt of a task in the dealing stage made to
 * fail. Prints {@code PROBE equal=<folds identical> retried=<failed attempts>}.
 */
public final class FoldsRetryProbe {

    private FoldsRetryProbe() {
    }

    public static void main(String[] args) {
        RetryingSpark session = RetryingSpark.start("folds-retry");
        SparkSession spark = session.spark();
        AtomicInteger failed = session.failedTasks();
        Dataset<Row> iris = spark.read().option("header", true).csv("data-samples/iris.csv").coalesce(1)
                .withColumn("line", monotonically_increasing_id()).cache();
        long n = iris.count();
        Map<Long, Integer> clean = folds(Folds.assign(iris, 5, "species", 42, n), false);
        Map<Long, Integer> retried = folds(Folds.assign(iris, 5, "species", 42, n), true);
        System.out.println("PROBE equal=" + (clean.equals(retried) && clean.size() == 150) + " retried=" + failed.get());
        spark.stop();
    }

    /** line -> fold, computed by a job whose first attempt of partition 0 fails when {@code inject}. */
    private static Map<Long, Integer> folds(Dataset<Row> assigned, boolean inject) {
        Map<Long, Integer> out = new TreeMap<>();
        assigned.select("line", Folds.FOLD).javaRDD().mapPartitions((Iterator<Row> it) -> {
            TaskContext t = TaskContext.get();
            if (inject && t.attemptNumber() == 0 && t.partitionId() == 0) {
                throw new IllegalStateException("injected failure of the first attempt");
            }
            return it;
        }).collect().forEach(r -> out.put(r.getLong(0), r.getInt(1)));
        return out;
    }
}
