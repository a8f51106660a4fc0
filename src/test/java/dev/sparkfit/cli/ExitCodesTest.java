package dev.sparkfit.cli;

import dev.sparkfit.testutil.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The documented exit codes, each with one clear line and nothing published on failure. */
class ExitCodesTest {

    @TempDir
    Path dir;

    @Test
    void aBadSpecExitsWith2AndNamesKeyValueAndAllowed() {
        Cli r = Cli.run("train", "--spec", "conf/iris.yaml", "--set", "model.hidden[1].activation=rellu",
                "--out", dir.resolve("x").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("model.hidden[1].activation: 'rellu' is not one of relu, leakyrelu"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
        assertFalse(Files.exists(dir.resolve("x")), "nothing is created for a bad spec");
    }

    @Test
    void anUnknownFlagExitsWith2WithUsage() {
        Cli r = Cli.run("train", "--spec", "conf/iris.yaml", "--epochs", "3");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Unknown options: '--epochs'"), r.err());
    }

    @Test
    void aMissingLabelColumnExitsWith3AndLeavesNoModel() {
        Path out = dir.resolve("run");
        Cli r = Cli.run("train", "--spec", "conf/iris.yaml", "--set", "data.label=kind", "--out", out.toString());
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.err().contains("data.label: no column 'kind'") && r.err().contains("species"), r.err());
        assertFalse(Files.exists(out.resolve("model")));
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
    }

    @Test
    void aDivergingRunExitsWith4AndPublishesNothing() {
        Path out = dir.resolve("nan");
        Cli r = Cli.run("train", "--spec", "conf/hourly-wages.yaml", "--out", out.toString(),
                "--set", "optimizer.name=sgd", "--set", "optimizer.learning_rate=1e6", "--set", "training.epochs=3");
        assertEquals(4, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().contains("diverged in epoch 1") && r.err().contains("lower optimizer.learning_rate"), r.err());
        assertFalse(r.out().contains("epoch 2/3"), "stopped within the epoch: " + r.out());
        assertFalse(Files.exists(out.resolve("model")));
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
    }

    @Test
    void aNonEmptyOutputDirectoryIsRefusedWith2() throws IOException {
        Path out = Files.createDirectories(dir.resolve("used"));
        Files.writeString(out.resolve("keep.txt"), "precious");
        Cli r = Cli.run("train", "--spec", "conf/iris.yaml", "--out", out.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("is not empty"), r.err());
        assertEquals("precious", Files.readString(out.resolve("keep.txt")));
    }

    @Test
    void aMissingModelIsAClearError() {
        Cli r = Cli.run("evaluate", "--model", dir.resolve("none").toString(), "--input", "data-samples/iris.csv");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("does not exist"), r.err());
    }
}
