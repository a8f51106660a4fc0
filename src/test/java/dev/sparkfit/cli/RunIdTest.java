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

    @Test
    void anUnfinishedCvRunResumesFromEachFoldsCheckpoint(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("cv");
        String[] args = {"cv", "--spec", SPEC, "--set", "training.epochs=3", "--folds", "3", "--out", dir.toString(),
            "--run-id", "cv1"};
        Cli first = Cli.run(args);
        assertEquals(0, first.exitCode(), first.err());
        String events = Files.readString(dir.resolve("events.jsonl"));
        assertTrue(events.contains("\"scope\":\"cv fold 2/3\",\"epoch\":3"), "per-epoch events of each fold");
        assertTrue(events.contains("\"phase\":\"fold\"") && events.contains("\"phase\":\"success\""), events);
        // As if the process died after the folds and before the summary: no _SUCCESS, no summary.
        Files.delete(dir.resolve("_SUCCESS"));
        Files.delete(dir.resolve("cv-summary.json"));
        Cli resumed = Cli.run(args);
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("resuming run directory"), resumed.out());
        assertTrue(resumed.out().contains("fold 3/3: resuming from checkpoint epoch-00003-round-00000"), resumed.out());
        assertFalse(resumed.out().contains("epoch 1/3"), "no fold was trained again: " + resumed.out());
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var a = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(first.lastLine());
        var b = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(resumed.lastLine());
        a.remove("seconds");
        b.remove("seconds");
        assertEquals(a, b, "the same folds, metrics, mean and std");
    }

    @Test
    void anUnfinishedCapacityRunResumesFromEachStepsCheckpoint(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("capacity");
        String[] args = {"capacity", "--spec", "conf/titanic.yaml", "--set", "capacity.start=[2]",
            "--set", "capacity.max_units=8", "--set", "training.epochs=3", "--out", dir.toString(), "--run-id", "cap1"};
        Cli first = Cli.run(args);
        assertEquals(0, first.exitCode(), first.err());
        // As if the process died after the steps and before publishing: no _SUCCESS, no model, no capacity.json.
        Files.delete(dir.resolve("_SUCCESS"));
        Files.delete(dir.resolve("capacity.json"));
        Cli resumed = Cli.run(args);
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("step 1 [2]: resuming from checkpoint"), resumed.out());
        assertFalse(resumed.out().contains("epoch 1/3"), "no step was trained again: " + resumed.out());
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var a = json.readTree(first.lastLine());
        var b = json.readTree(resumed.lastLine());
        assertEquals(a.get("chosen"), b.get("chosen"));
        for (int i = 0; i < a.get("steps").size(); i++) {
            assertEquals(a.get("steps").get(i).get("best_val_loss"), b.get("steps").get(i).get("best_val_loss"));
        }
    }
}
