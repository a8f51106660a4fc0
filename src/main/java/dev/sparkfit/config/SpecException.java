package dev.sparkfit.config;

/** A problem with a job spec; the message is one line that names the key, the value and what is allowed. */
public class SpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(message);
    }
}
