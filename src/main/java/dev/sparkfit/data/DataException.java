package dev.sparkfit.data;

/** Bad input data: a missing path, a missing column, bad rows. Maps to exit code 3. */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }
}
