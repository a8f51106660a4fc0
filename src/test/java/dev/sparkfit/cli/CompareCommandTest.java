package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkfit.testutil.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** compare trains every spec on the same split and names the one with the lowest best val_loss. */
class CompareCommandTest {

    @TempDir
    Path dir;

    private Path spec(String name, String model, String optimizer, int epochs, String path) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), """
                name: %s
                data: {path: %s, label: species, task: classification}
                model: {hidden: %s}
                optimizer: %s
                training: {epochs: %d, batch_size: 16, validation_split: 0.2, seed: 42,
                           early_stopping: {monitor: val_loss, patience: 3}}
                """.formatted(name, path, model, optimizer, epochs));
    }

    @Test
    void theModelWithTheLowerValidationLossWins() throws IOException {
        Path weak = spec("weak", "[{units: 2, activation: tanh}]", "{name: sgd, learning_rate: 0.001}", 3,
                "data-samples/iris.csv");
        Path strong = spec("strong", "[{units: 16, activation: relu}, {units: 16, activation: relu}]",
                "{name: adam, learning_rate: 0.01}", 20, "data-samples/iris.csv");
        Path out = dir.resolve("cmp");
        Cli r = Cli.run("compare", "--spec", weak.toString(), "--spec", strong.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode json = SampleSpecsTest.JSON.readTree(out.resolve("compare.json").toFile());
        assertEquals("strong", json.get("winner").asText());
        JsonNode w = json.get("models").get(0);
        JsonNode s = json.get("models").get(1);
        assertEquals("weak", w.get("model").asText());
        assertTrue(s.get("best_val_loss").asDouble() < w.get("best_val_loss").asDouble(), json.toString());
        assertEquals(4 * 2 + 2 + 2 * 3 + 3, w.get("params").asLong()); // 4 inputs -> 2 tanh -> 3 softmax
        assertEquals(150, json.get("train_rows").asLong() + json.get("val_rows").asLong());
        assertTrue(Files.exists(out.resolve("plots/compare-val-loss.png")));
        assertTrue(Files.readString(out.resolve("compare.html")).contains("data:image/png;base64,"));
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        assertTrue(r.out().contains("winner: strong"), r.out());
    }

    @Test
    void theWinnerIsJudgedByTheFirstSpecsMonitor() throws IOException {
        Path weak = Files.writeString(dir.resolve("weak.yaml"), """
                name: weak
                data: {path: data-samples/iris.csv, label: species, task: classification}
                model: {hidden: [{units: 2, activation: tanh}], metrics: [accuracy, f1]}
                optimizer: {name: sgd, learning_rate: 0.001}
                training: {epochs: 2, batch_size: 16, validation_split: 0.2, seed: 42,
                           early_stopping: {monitor: val_f1, patience: 3}}
                """);
        Path strong = Files.writeString(dir.resolve("strong.yaml"), """
                name: strong
                data: {path: data-samples/iris.csv, label: species, task: classification}
                model: {hidden: [16, 16], metrics: [f1]}
                optimizer: {name: adam, learning_rate: 0.01}
                training: {epochs: 12, batch_size: 16, validation_split: 0.2, seed: 42}
                """);
        Path out = dir.resolve("cmp-f1");
        Cli r = Cli.run("compare", "--spec", weak.toString(), "--spec", strong.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode json = SampleSpecsTest.JSON.readTree(out.resolve("compare.json").toFile());
        assertEquals("val_f1", json.get("judged_by").asText());
        assertEquals("strong", json.get("winner").asText());
        double weakF1 = json.get("models").get(0).get("best_val_f1").asDouble();
        double strongF1 = json.get("models").get(1).get("best_val_f1").asDouble();
        assertTrue(strongF1 > weakF1, json.toString());
        assertTrue(Files.readString(out.resolve("compare.html")).contains("highest best val_f1"));
    }

    @Test
    void aSpecWithoutTheMonitoredMetricIsRefusedWith2() throws IOException {
        Path a = Files.writeString(dir.resolve("a.yaml"), """
                data: {path: data-samples/iris.csv, label: species, task: classification}
                model: {metrics: [auc]}
                training: {early_stopping: {monitor: val_auc}}
                """);
        Path b = Files.writeString(dir.resolve("b.yaml"), """
                data: {path: data-samples/iris.csv, label: species, task: classification}
                model: {metrics: [precision]}
                """);
        Cli r = Cli.run("compare", "--spec", a.toString(), "--spec", b.toString(), "--out", dir.resolve("y").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("compare: spec 'b' does not compute 'auc'"), r.err());
    }

    @Test
    void specsOnDifferentDataAreRefusedWith2() throws IOException {
        Path a = spec("a", "[4]", "adam", 2, "data-samples/iris.csv");
        Path b = spec("b", "[4]", "adam", 2, "data-samples/titanic.csv");
        Cli r = Cli.run("compare", "--spec", a.toString(), "--spec", b.toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("reads other data"), r.err());
    }
}
