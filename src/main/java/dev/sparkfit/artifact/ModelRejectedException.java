package dev.sparkfit.artifact;

import dev.sparkfit.data.DataException;

/**
 * A model directory that fails the loader's checks: a missing manifest, a file that does not match its
 * checksum, an entry of {@code model.zip} that is not allowed or too large, malformed metadata, or a
 * pipeline stage sparkfit never writes. A model given on the command line is input, so this maps to
 * exit code 3, as bad input data does.
 */
public final class ModelRejectedException extends DataException {
    public ModelRejectedException(String message) {
        super(message);
    }
}
