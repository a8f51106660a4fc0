package dev.sparkfit.job;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;

import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Remembers the last executor this JVM's Spark lost to out-of-memory. A job that fails after such a loss
 * often reports something else: its stage fails on fetching the lost executor's shuffle output ("has
 * failed the maximum allowable number of times ... FetchFailed"), and only the executor's removal says
 * "Command exited with code 52". So the driver listens for removals.
 */
public final class ExecutorLosses extends SparkListener {

    /**
     * How Spark and cluster managers word an executor that ran out of memory: the task's own error; the
     * exit code 52 Spark's executors exit with on an OutOfMemoryError (standalone: "Command exited with
     * code 52"); YARN's and Kubernetes' words for a container killed over its limit.
     */
    private static final Pattern OUT_OF_MEMORY = Pattern.compile(
            "OutOfMemoryError|exited with code 52\\b|exit (code|status):? ?52\\b"
                    + "|exceeding (physical |virtual )?memory limits|OOMKilled|Container killed.*\\b137\\b");

    private static final AtomicReference<String> LAST = new AtomicReference<>();

    /** True when {@code text} is how an out-of-memory executor is reported. */
    public static boolean outOfMemory(String text) {
        return text != null && OUT_OF_MEMORY.matcher(text).find();
    }

    /** e.g. "executor 9: Command exited with code 52", or null when no executor was lost to out-of-memory. */
    public static String lastOutOfMemory() {
        return LAST.get();
    }

    /** Forgets earlier losses: a new session starts clean. */
    public static void forget() {
        LAST.set(null);
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        if (outOfMemory(removed.reason())) {
            LAST.set("executor " + removed.executorId() + ": " + removed.reason().lines().findFirst().orElse(""));
        }
    }
}
