package dev.sparkfit.config;

import dev.sparkfit.testutil.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad tune sections stop `sparkfit tune` with exit 2 and one line naming the key, the value and what is allowed. */
class TuneSpecErrorsTest {

    private static final String BASE = """
            name: iris
            data: {path: data-samples/iris.csv, label: species, task: classification}
            training: {epochs: 3, validation_split: 0.2}
            """;

    @TempDir
    Path dir;

    @Test
    void unknownSearchedKeySuggestsTheClosest() throws IOException {
        assertOneLine("space: {optimizer.learnig_rate: {log_uniform: [0.001, 0.1]}}",
                "tune.space: optimizer.learnig_rate: unknown key (did you mean 'learning_rate'?");
    }

    @Test
    void unknownTuneKeySuggestsTheClosest() throws IOException {
        assertOneLine("space: {model.l2: {uniform: [0, 0.01]}}\n  trails: 4",
                "tune.trails: unknown key (did you mean 'trials'?");
    }

    @Test
    void unknownDomainSuggestsTheClosest() throws IOException {
        assertOneLine("space: {model.l2: {unifrom: [0, 0.01]}}",
                "tune.space.model.l2.unifrom: unknown key (did you mean 'uniform'?");
    }

    @Test
    void emptyChoiceList() throws IOException {
        assertOneLine("space: {optimizer.name: {choice: []}}", "tune.space.optimizer.name.choice: [] is empty");
    }

    @Test
    void logRangeIncludingZero() throws IOException {
        assertOneLine("space: {optimizer.learning_rate: {log_uniform: [0, 0.1]}}",
                "tune.space.optimizer.learning_rate.log_uniform: [0, 0.1] includes 0 or less");
    }

    @Test
    void gridLargerThanTrials() throws IOException {
        assertOneLine("space: {optimizer.learning_rate: {choice: [0.001, 0.01, 0.1]}, model.hidden: {choice: [[8], [16]]}}\n"
                + "  method: grid\n  trials: 4", "tune.trials: 4 is less than the grid's 6 settings");
    }

    @Test
    void metricNotComputed() throws IOException {
        assertOneLine("space: {model.l2: {uniform: [0, 0.01]}}\n  metric: val_auc",
                "tune.metric: 'val_auc' is not a metric this run computes");
    }

    @Test
    void choiceTheKeyDoesNotAllow() throws IOException {
        assertOneLine("space: {optimizer.name: {choice: [adam, adamm]}}",
                "tune.space: optimizer.name: 'adamm' is not one of");
    }

    private void assertOneLine(String tune, String expected) throws IOException {
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, BASE + "tune:\n  " + tune + "\n");
        Path out = dir.resolve("out");
        Cli r = Cli.run("tune", "--spec", spec.toString(), "--out", out.toString());
        assertEquals(2, r.exitCode(), r.err() + r.out());
        String line = r.err().strip();
        assertFalse(line.contains("\n"), "one line: " + line);
        assertTrue(line.startsWith("sparkfit: " + spec + ": " + expected), line);
        assertFalse(Files.exists(out.resolve("run.json")), "nothing written");
    }
}
