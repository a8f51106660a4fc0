package dev.sparkfit.artifact.export;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

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
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            ExportSummary summary = exporter.write(model, tmp);
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            if (!overwrite && Files.exists(target)) { // written meanwhile by someone else: keep theirs
                throw new FileAlreadyExistsException(target + " appeared while exporting; not replaced");
            }
            long bytes = Files.size(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE); // rename(2): replaces an existing file atomically
            return summary.at(target, bytes);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
