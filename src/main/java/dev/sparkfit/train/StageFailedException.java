package dev.sparkfit.train;

/**
 * A Spark job of training failed after Spark's own retries: the message names sparkfit's job (the
 * epoch and round, as the Spark UI shows it) and Spark's first line (the stage, the task, the attempts
 * and the cause). The cause is Spark's exception, so the exit code is 5.
 */
public final class StageFailedException extends RuntimeException {
    public StageFailedException(String job, Throwable sparkFailure) {
        super("Spark job '" + job + "' failed: " + firstLine(String.valueOf(sparkFailure.getMessage()))
                .replace("Job aborted due to stage failure: ", ""), sparkFailure);
    }

    /** The first line, and the next one too when the first ends in a colon ("Most recent failure reason:"). */
    static String firstLine(String m) {
        java.util.List<String> lines = m.lines().filter(l -> !l.isBlank()).limit(2).toList();
        if (lines.isEmpty()) {
            return "";
        }
        return lines.get(0).strip().endsWith(":") && lines.size() > 1 ? lines.get(0).strip() + " " + lines.get(1).strip()
                : lines.get(0);
    }
}
