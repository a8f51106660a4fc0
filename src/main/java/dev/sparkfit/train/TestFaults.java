package dev.sparkfit.train;

import org.apache.spark.TaskContext;

/**
 * Test-only fault injection, inert unless the JVM property {@value #PROPERTY} is set (nothing in
 * sparkfit sets it). {@code round:first-attempt} makes the first attempt of partition 0's task in
 * every averaging round throw, so Spark must retry it; {@code round:always} makes every attempt of it
 * throw, so the stage fails; {@code loss:nan-from-epoch:N} makes every worker's loss NaN from epoch N on,
 * as a diverging run's would. Read on the executor, so it reaches tasks in local mode only (the tests'
 * {@code local[2,4]} sessions), unless passed to executors through {@code spark.executor.extraJavaOptions}.
 */
public final class TestFaults {

    public static final String PROPERTY = "sparkfit.test.fail";

    private TestFaults() {
    }

    /** Throws when {@value #PROPERTY} asks for a failure at {@code site} in this task attempt. */
    static void maybeFail(String site) {
        String want = System.getProperty(PROPERTY);
        TaskContext task = TaskContext.get();
        if (want == null || task == null || task.partitionId() != 0) {
            return;
        }
        if (want.equals(site + ":always") || (want.equals(site + ":first-attempt") && task.attemptNumber() == 0)) {
            throw new IllegalStateException(PROPERTY + "=" + want + ": injected failure of task "
                    + task.partitionId() + ", attempt " + task.attemptNumber());
        }
    }

    /** True when {@value #PROPERTY} is {@code loss:nan-from-epoch:N} and {@code epoch} (1-based) is N or later. */
    static boolean lossDiverges(int epoch) {
        String want = System.getProperty(PROPERTY);
        String prefix = "loss:nan-from-epoch:";
        return want != null && want.startsWith(prefix) && epoch >= Integer.parseInt(want.substring(prefix.length()));
    }
}
