package dev.sparkfit.train;

/** The training loss became NaN or infinite. Maps to exit code 4. */
public class DivergedException extends RuntimeException {
    public DivergedException(String message) {
        super(message);
    }
}
