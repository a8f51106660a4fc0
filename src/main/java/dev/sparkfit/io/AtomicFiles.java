package dev.sparkfit.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Nothing half-written is published: a file is written under a hidden temporary name beside its
 * target, forced to disk, and renamed into place (rename(2): a reader sees the old file or the new
 * one, never part of one). A failed write leaves no temporary file behind.
 */
public final class AtomicFiles {

    /** Writes a file's content to the temporary path it is given. */
    @FunctionalInterface
    public interface Content<T> {
        T writeTo(Path tmp) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code text} (UTF-8) to {@code target}, replacing what was there, through a temporary file. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, true, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code target} through {@code content} at a temporary sibling, then publishes it by rename;
     * returns what {@code content} returned. With {@code replace} false an existing target is never
     * replaced, also when it appeared while the content was written.
     */
    public static <T> T write(Path target, boolean replace, Content<T> content) throws IOException {
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            T out = content.writeTo(tmp);
            fsync(tmp);
            if (!replace && Files.exists(abs)) {
                throw new java.nio.file.FileAlreadyExistsException(abs + " appeared while writing; not replaced");
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Forces a file's bytes to disk, so a rename after it cannot publish a file the OS still buffers. */
    public static void fsync(Path f) throws IOException {
        try (FileChannel c = FileChannel.open(f, StandardOpenOption.WRITE)) {
            c.force(true);
        }
    }

    /** Forces a directory's entries (a rename into it) to disk, where the file system allows it. */
    public static void fsyncDirectory(Path d) {
        // Linux allows syncing a directory through a read-only channel.
        try (FileChannel c = FileChannel.open(d, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every file system lets a directory be synced; the rename itself is still atomic
        }
    }
}
