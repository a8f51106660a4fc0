package dev.sparkfit.testutil;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * For probes in their own JVM: a {@code local[2,4]} session, whose failed tasks Spark retries (up to
 * 4 attempts), and a count of the task attempts that failed.
 */
public record RetryingSpark(SparkSession spark, AtomicInteger failedTasks) {

    public static RetryingSpark start(String app) {
        SparkSession spark = SparkSession.builder().master("local[2,4]").appName(app)
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
        AtomicInteger failed = new AtomicInteger();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) {
                    failed.incrementAndGet();
                }
            }
        });
        return new RetryingSpark(spark, failed);
    }
}
