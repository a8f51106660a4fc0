package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A correctness guard, not a timing test: with every setting at its default, 16 workers must train
 * the 8x8 digits (1,437 training rows, 90 per worker) nearly as well as 2 workers in the same epochs.
 * Plain averaging, as before the outer step and the learning-rate scaling, falls far behind here; the
 * defaults must not.
 */
class WorkerCountGuardTest {

    private static final String SPEC = """
            name: digits
            data: {path: data-samples/digits.csv, label: digit, task: classification}
            preprocess: {rescale: 0.0625, standardize: false}
            model: {hidden: [{units: 32, activation: relu}]}
            optimizer: {name: adam, learning_rate: 0.001}
            training: {epochs: 12, batch_size: 16, validation_split: 0.2, seed: 42, early_stopping: false,
                       diagnostics: false}
            """;

    @TempDir
    Path dir;

    private double valAccuracy(String name, String... sets) throws Exception {
        Path spec = Files.writeString(dir.resolve(name + ".yaml"), SPEC);
        String[] args = new String[6 + 2 * sets.length];
        args[0] = "train";
        args[1] = "--spec";
        args[2] = spec.toString();
        args[3] = "--out";
        args[4] = dir.resolve(name).toString();
        args[5] = "--overwrite";
        for (int i = 0; i < sets.length; i++) {
            args[6 + 2 * i] = "--set";
            args[7 + 2 * i] = sets[i];
        }
        dev.sparkfit.testutil.Cli r = dev.sparkfit.testutil.Cli.run(args);
        assertTrue(r.exitCode() == 0, r.err() + r.out());
        JsonNode m = SampleSpecsTest.JSON.readTree(r.lastLine());
        return m.get("val_accuracy").asDouble();
    }

    @Test
    void sixteenWorkersAtTheDefaultsStayCloseToTwo() throws Exception {
        double two = valAccuracy("two", "training.workers=2");
        double sixteen = valAccuracy("sixteen", "training.workers=16");
        double plain = valAccuracy("plain", "training.workers=16", "training.outer_optimizer=none",
                "training.learning_rate_scaling=none", "training.warmup_epochs=0", "training.averaging=epoch");
        assertTrue(two > 0.85, "2 workers: " + two);
        assertTrue(sixteen >= two - 0.05, "16 workers " + sixteen + " against 2 workers " + two + " (plain averaging: " + plain + ")");
        assertTrue(plain < sixteen - 0.05, "the guard would not notice: plain averaging reaches " + plain
                + " with 16 workers, the defaults " + sixteen);
    }
}
