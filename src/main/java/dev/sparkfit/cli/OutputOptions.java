package dev.sparkfit.cli;

import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.config.SpecException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.stream.Stream;

/** Where a command writes its run directory, and the refusal to overwrite one silently. */
final class OutputOptions {

    @Option(names = "--out", description = "output directory (default runs/<name>-<yyyyMMdd-HHmmss>)")
    Path out;

    @Option(names = "--overwrite", description = "replace an existing, non-empty --out directory")
    boolean overwrite;

    /** {@code --out}, or {@code runs/<name>-<time>}; a non-empty directory is refused (exit 2) before any work. */
    Path directory(CommandLine cmd, String name) throws IOException {
        Path dir = out != null ? out : RunDirectory.defaultPath(name, LocalDateTime.now());
        if (!overwrite && Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                if (files.findAny().isPresent()) {
                    // Exit 2 like a bad option, but one line: the usage text would not help here.
                    throw new SpecException("--out: " + dir + " is not empty (choose another directory or add --overwrite)");
                }
            }
        }
        return dir;
    }

    RunDirectory create(Path dir) throws IOException {
        return RunDirectory.create(dir, overwrite);
    }
}
