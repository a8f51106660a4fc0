package dev.sparkfit.cli;

import dev.sparkfit.testutil.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --run-id as a scheduler uses it: a finished run is not redone, a different spec is refused. */
class RunIdTest {

    private static final String SPEC = "conf/iris.yaml";

    @Test
    void aFinishedRunIdIsANoOpThatPrintsTheSameMetrics(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("2026-11-25");
        Cli first = Cli.run("train", "--spec", SPEC, "--set", "training.epochs=3", "--out", dir.toString(),
                "--run-id", "2026-11-25");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(Files.exists(dir.resolve("_SUCCESS")));
        long modelTime = Files.getLastModifiedTime(dir.resolve("model/model.zip")).toMillis();

        Cli again = Cli.run("train", "--spec", SPEC, "--set", "training.epochs=3", "--out", dir.toString(),
                "--run-id", "2026-11-25");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("already finished with this spec"), again.out());
        assertFalse(again.out().contains("epoch 1/3"), "nothing was trained again: " + again.out());
        assertEquals(first.lastLine(), again.lastLine(), "the same metrics line, for XCom");
        assertEquals(modelTime, Files.getLastModifiedTime(dir.resolve("model/model.zip")).toMillis());
    }

    @Test
    void theSameRunIdWithAnotherSpecIsRefused(@TempDir Path tmp) {
        Path dir = tmp.resolve("daily");
        assertEquals(0, Cli.run("train", "--spec", SPEC, "--set", "training.epochs=2", "--out", dir.toString(),
                "--run-id", "daily").exitCode());
        Cli other = Cli.run("train", "--spec", SPEC, "--set", "training.epochs=4", "--out", dir.toString(),
                "--run-id", "daily");
        assertEquals(ExitCodes.USAGE, other.exitCode());
        assertTrue(other.err().contains("was run with a different spec"), other.err());
        assertTrue(other.err().contains("new --run-id"), other.err());
    }

    @Test
    void resumeNeedsARunAndRefusesOverwrite(@TempDir Path tmp) {
        Cli none = Cli.run("train", "--spec", SPEC, "--out", tmp.resolve("nothing").toString(), "--resume");
        assertEquals(ExitCodes.USAGE, none.exitCode());
        assertTrue(none.err().contains("holds no run to continue"), none.err());
        Cli both = Cli.run("train", "--spec", SPEC, "--run-id", "x", "--overwrite");
        assertEquals(ExitCodes.USAGE, both.exitCode());
        assertTrue(both.err().contains("--overwrite cannot be combined"), both.err());
        Cli bad = Cli.run("train", "--spec", SPEC, "--run-id", "../etc");
        assertEquals(ExitCodes.USAGE, bad.exitCode());
        assertTrue(bad.err().contains("--run-id: '../etc'"), bad.err());
    }
}
