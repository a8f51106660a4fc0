package dev.sparkfit.train;

/**
 * A Spark job of training failed after Spark's own retries: the message names sparkfit's job (the
 * epoch and round, as the Spark UI shows it) and Spark's first line (the stage, the task, the attempts
 * and the cause). The cause is Spark's exception, so the exit code is 5.
 */
public final class StageFailedException extends RuntimeException {
    public StageFailedException(String job, Throwable sparkFailure) {
        super("Spark job '" + job + "' failed: " + String.valueOf(sparkFailure.getMessage()).lines().findFirst().orElse("")
                .replace("Job aborted due to stage failure: ", ""), sparkFailure);
    }
}
