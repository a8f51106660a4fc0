package dev.sparkfit.cli;

import dev.sparkfit.testutil.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An output location that cannot be written. The tests may run as root, for whom a read-only folder
 * is writable, so the unwritable place is a path under a regular file; the file is left as it was.
 */
class OutputFaultsTest {

    @TempDir
    Path dir;

    @Test
    void anOutputUnderARegularFileIsOneClearLineAndTouchesNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("precious.txt"), "keep");
        Cli r = Cli.run("train", "--spec", "conf/iris.yaml", "--set", "training.epochs=1",
                "--out", file.resolve("run").toString());
        assertEquals(1, r.exitCode(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(file.toString()), r.err());
        assertEquals("keep", Files.readString(file));
    }
}
