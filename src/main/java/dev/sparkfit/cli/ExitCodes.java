package dev.sparkfit.cli;

import dev.sparkfit.config.SpecException;
import dev.sparkfit.data.DataException;
import dev.sparkfit.train.DivergedException;
import dev.sparkfit.train.StopRequest;
import dev.sparkfit.train.StoppedException;
import dev.sparkfit.train.StageFailedException;
import org.apache.spark.SparkException;

/**
 * The one place where exceptions become exit codes. The numbers are part of the interface
 * (schedulers branch on them) and never change: 0 success, 1 anything else, 2 bad command line or
 * spec, 3 bad input data, 4 training diverged, 5 Spark failure, 143 stopped by SIGTERM after committing a
 * checkpoint (rerun to resume). 99 is never used: Airflow's BashOperator reads it as "skipped".
 */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int OTHER = 1;
    public static final int USAGE = 2;
    public static final int DATA = 3;
    public static final int DIVERGED = 4;
    public static final int SPARK = 5;
    public static final int STOPPED = StopRequest.EXIT_STATUS;

    /** What to raise when an executor ran out of memory; printed after the failure's line. */
    static final String OUT_OF_MEMORY_HINT = "hint: an executor ran out of memory; raise spark.executor.memory"
            + " (e.g. --conf spark.executor.memory=4g), or training.workers so that each executor holds smaller blocks"
            + " (more partitions); off-heap kills (container or exit 137) need spark.executor.memoryOverhead";

    /**
     * How Spark reports an executor that ran out of memory, in a failed job's message: the task's own
     * error; the exit code 52 Spark's executors exit with on an OutOfMemoryError (standalone:
     * "Command exited with code 52"); YARN's and Kubernetes' words for a container killed over its limit.
     */
    private static final java.util.regex.Pattern OUT_OF_MEMORY = java.util.regex.Pattern.compile(
            "OutOfMemoryError|exited with code 52\\b|exit (code|status):? ?52\\b"
                    + "|exceeding (physical |virtual )?memory limits|OOMKilled|Container killed.*\\b137\\b");

    private ExitCodes() {
    }

    public static int of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SpecException || t instanceof picocli.CommandLine.ParameterException) {
                return USAGE;
            }
            if (t instanceof DataException) {
                return DATA;
            }
            if (t instanceof DivergedException) {
                return DIVERGED;
            }
            if (t instanceof StoppedException) {
                return STOPPED;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SparkException) {
                return SPARK;
            }
        }
        return OTHER;
    }

    /**
     * A line to print after {@link #message}, or null: the settings to raise when a Spark failure
     * (exit 5) came from an executor that ran out of memory.
     */
    public static String hint(Throwable e) {
        if (of(e) != SPARK) {
            return null;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError || (t.getMessage() != null && OUT_OF_MEMORY.matcher(t.getMessage()).find())) {
                return OUT_OF_MEMORY_HINT;
            }
        }
        return null;
    }

    /**
     * The one line a user sees: the innermost message that names our own error (a spec, data or
     * divergence error before a failed training job), else the outermost exception's first line.
     */
    public static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SpecException || t instanceof DataException || t instanceof DivergedException
                    || t instanceof StoppedException) {
                return oneLine(t.getMessage());
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StageFailedException) {
                return oneLine(t.getMessage());
            }
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }

    private static String oneLine(String m) {
        return m == null ? "" : m.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
