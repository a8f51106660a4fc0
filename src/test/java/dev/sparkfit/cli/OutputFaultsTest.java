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

    @Test
    void aFailedOverwriteLeavesThePreviousRunAndModelAsTheyWere(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws IOException {
        Path dir = tmp.resolve("daily");
        Cli first = Cli.run("train", "--spec", "conf/iris.yaml", "--set", "training.epochs=2", "--out", dir.toString());
        org.junit.jupiter.api.Assertions.assertEquals(0, first.exitCode(), first.err());
        byte[] model = java.nio.file.Files.readAllBytes(dir.resolve("model/model.zip"));
        String metrics = java.nio.file.Files.readString(dir.resolve("metrics.json"));

        // Today's file is bad: the run fails (exit 3) after --overwrite has set the old run aside.
        Path bad = tmp.resolve("bad.csv");
        java.nio.file.Files.writeString(bad, "sepal_length,sepal_width,petal_length,petal_width,species\n"
                + "5.1,3.5,1.4,0.2,setosa\n4.9,oops,1.4,0.2,setosa\n");
        Cli failed = Cli.run("train", "--spec", "conf/iris.yaml", "--set", "data.path=" + bad, "--out", dir.toString(),
                "--overwrite");
        org.junit.jupiter.api.Assertions.assertEquals(ExitCodes.DATA, failed.exitCode(), failed.err());
        org.junit.jupiter.api.Assertions.assertArrayEquals(model, java.nio.file.Files.readAllBytes(dir.resolve("model/model.zip")));
        org.junit.jupiter.api.Assertions.assertEquals(metrics, java.nio.file.Files.readString(dir.resolve("metrics.json")));
        org.junit.jupiter.api.Assertions.assertTrue(java.nio.file.Files.exists(dir.resolve("_SUCCESS")));
        try (var left = java.nio.file.Files.list(tmp)) {
            org.junit.jupiter.api.Assertions.assertTrue(left.noneMatch(p -> p.getFileName().toString().contains(".previous-")),
                    "nothing set aside is left behind");
        }
    }
}
