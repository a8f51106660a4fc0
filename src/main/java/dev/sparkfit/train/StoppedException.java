package dev.sparkfit.train;

/** Training stopped on request (SIGTERM) after committing a checkpoint; rerunning resumes from it. */
public final class StoppedException extends RuntimeException {

    public StoppedException(String message) {
        super(message);
    }
}
