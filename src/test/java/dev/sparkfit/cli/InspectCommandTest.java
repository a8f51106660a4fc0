package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkfit.testutil.Cli;
import dev.sparkfit.testutil.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sparkfit inspect on a trained titanic model: the summary alone, and the diagnostics on labelled and unlabelled rows. */
class InspectCommandTest {

    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void trainSmallModel() throws IOException {
        Path run = dir.resolve("run");
        SampleSpecsTest.train("conf/titanic.yaml", run, "--set", "training.epochs=2");
        model = run.resolve("model");
    }

    @Test
    void withoutDataPrintsTheLayersAndTheMetadata() throws IOException {
        Cli r = Cli.run("inspect", "--model", model.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("dense_2           Dense      32     32  relu         1,056"), r.out());
        assertTrue(r.out().contains("total parameters: 1,410"), r.out());
        assertTrue(r.out().contains("features: numeric [age], categorical [sex, passengerClass] -> 8 inputs"), r.out());
        assertTrue(r.out().contains("spec hash "), r.out());
        JsonNode j = SampleSpecsTest.JSON.readTree(r.lastLine());
        assertEquals(1410, j.get("total_params").asLong());
        assertEquals(3, j.get("layers").size());
        assertEquals("survived", j.get("metadata").get("label").asText());
        assertFalse(j.has("diagnostics"));
    }

    @Test
    void withDataDiagnosesEveryRowAndWritesInspectJson() throws IOException {
        Path out = dir.resolve("inspect-out");
        Cli r = Cli.run("inspect", "--model", model.toString(), "--data", "data-samples/titanic.csv",
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("diagnostics on 1309 rows; gradient norms on 8 minibatches"), r.out());
        assertTrue(r.out().matches("(?s).*\nlayer 1 relu: \\d+% dead, gradient norm [0-9.e-]+\n.*"), r.out());
        assertTrue(r.out().contains("\nlayer 3 softmax (output): gradient norm "), r.out());
        assertTrue(r.out().contains("\nverdict: "), r.out());
        JsonNode j = SampleSpecsTest.JSON.readTree(r.lastLine());
        JsonNode d = j.get("diagnostics");
        assertEquals(1309, d.get("rows").asLong());
        assertEquals(3, d.get("layers").size());
        assertTrue(d.get("layers").get(0).get("dead_frac").asDouble() < 0.5, d.toString());
        assertTrue(d.get("layers").get(0).get("saturated_frac").isNull(), "relu does not saturate");
        assertTrue(d.get("grad_norm_ratio_first_last").asDouble() > 0, d.toString());
        assertEquals(j, SampleSpecsTest.JSON.readTree(out.resolve("inspect.json").toFile()));

        Cli again = Cli.run("inspect", "--model", model.toString(), "--out", out.toString());
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("inspect.json already exists"), again.err());
    }

    @Test
    void rowsWithoutTheLabelGetUnitsButNoGradients() throws IOException {
        Path unlabelled = dir.resolve("unlabelled");
        TestSpark.get().read().option("header", true).csv("data-samples/titanic.csv").drop("survived")
                .coalesce(1).write().option("header", true).csv(unlabelled.toString());
        Cli r = Cli.run("inspect", "--model", model.toString(), "--data", unlabelled.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("no label column 'survived'"), r.out());
        JsonNode d = SampleSpecsTest.JSON.readTree(r.lastLine()).get("diagnostics");
        assertEquals(1309, d.get("rows").asLong());
        assertEquals(0, d.get("gradient_minibatches").asLong());
        assertTrue(d.get("layers").get(0).get("grad_norm").isNull(), d.toString());
        assertTrue(d.get("layers").get(1).get("dead_frac").isNumber(), d.toString());
    }
}
