package dev.sparkfit.artifact.export;

import dev.sparkfit.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Publishes an export: written to a hidden temporary file beside {@code out}, synced to disk, then
 * renamed onto {@code out} in one atomic move, so a reader sees no file or the whole file, never a part;
 * a failed or refused export leaves {@code out} as it was (absent, or the previous file).
 */
public final class Exports {

    private Exports() {
    }

    public static ExportSummary write(ModelExporter exporter, ExportModel model, Path out, boolean overwrite)
            throws IOException {
        Path target = out.toAbsolutePath();
        if (!overwrite && Files.exists(target)) {
            throw new FileAlreadyExistsException(target + " already exists (add --overwrite to replace it)");
        }
        // Without overwrite, a file written meanwhile by someone else is kept: theirs, not ours.
        return AtomicFiles.write(target, overwrite, tmp -> exporter.write(model, tmp).at(target, Files.size(tmp)));
    }
}
