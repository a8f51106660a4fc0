package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.testutil.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sparkfit tune on iris: asha's results do not depend on the parallelism; a diverging trial fails alone. */
class TuneCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Iris with an asha search over 4 settings: rungs at epochs 1 and 2 of 4. */
    static final String ASHA = """
            name: iris
            data: {path: data-samples/iris.csv, label: species, task: classification}
            model: {hidden: [8]}
            optimizer: {name: adam, learning_rate: 0.01}
            training: {epochs: 4, batch_size: 16, validation_split: 0.2, seed: 42, workers: 2}
            tune:
              space:
                optimizer.learning_rate: {choice: [0.003, 0.03, 0.1]}
                model.hidden: {choice: [[8], [16]]}
              method: asha
              trials: 5
              reduction_factor: 2
              min_epochs: 1
              max_epochs: 4
            """;

    @TempDir
    Path dir;

    @Test
    void twoTrialsAtOnceGiveTheResultsOfOneAtATimeAndOverlap() throws IOException {
        Path spec = write("asha.yaml", ASHA);
        Path serial = dir.resolve("serial");
        Path parallel = dir.resolve("parallel");
        Cli s = Cli.run("tune", "--spec", spec.toString(), "--out", serial.toString());
        assertEquals(0, s.exitCode(), s.err() + s.out());
        Cli p = Cli.run("tune", "--spec", spec.toString(), "--set", "tune.parallelism=2", "--out", parallel.toString());
        assertEquals(0, p.exitCode(), p.err() + p.out());
        JsonNode a = JSON.readTree(serial.resolve("tune.json").toFile());
        JsonNode b = JSON.readTree(parallel.resolve("tune.json").toFile());
        assertEquals(withoutSeconds(a.get("trials")), withoutSeconds(b.get("trials")));
        assertEquals(5, a.get("trials").size());
        assertTrue(a.get("trials").findValuesAsText("state").contains("stopped"), "asha stopped a trial: " + a);
        assertEquals(a.get("total_epochs"), b.get("total_epochs"));
        assertTrue(a.get("total_epochs").asInt() < 5 * 4, "asha trained fewer epochs than 5 trials x 4: " + a);
        assertTrue(s.out().contains("total epochs: " + a.get("total_epochs").asInt() + "; best val_loss: "), s.out());
        for (JsonNode t : a.get("trials")) {
            assertTrue(t.has("val_loss") && t.has("val_accuracy") && t.has("best_epoch") && t.has("values"), t.toString());
        }
        assertTrue(overlapping(serial).isEmpty(), "one at a time: no trials overlap");
        assertTrue(!overlapping(parallel).isEmpty(), "two at a time: some trials overlap in events.jsonl");
        for (String f : List.of("tune.html", "spec.best.yaml", "model/model.zip", "plots/tune-curves.png", "_SUCCESS")) {
            assertTrue(Files.exists(parallel.resolve(f)), f);
        }
        JobSpec best = SpecLoader.load(parallel.resolve("spec.best.yaml"), List.of());
        JsonNode values = b.get("best_values");
        assertEquals(values.get("optimizer.learning_rate").asDouble(), best.optimizer().learningRate(), 0.0);
    }

    @Test
    void aDivergingTrialFailsAndTheSearchGoesOnToARefit() throws IOException {
        Path spec = write("grid.yaml", """
                name: iris
                data: {path: data-samples/iris.csv, label: species, task: classification}
                model: {hidden: [8]}
                optimizer: {name: sgd, learning_rate: 0.1}
                training: {epochs: 2, batch_size: 16, validation_split: 0.2, seed: 42}
                tune:
                  space:
                    optimizer.learning_rate: {choice: [1.0e12, 0.1]}
                  method: grid
                """);
        Path out = dir.resolve("grid");
        Cli r = Cli.run("tune", "--spec", spec.toString(), "--refit", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode json = JSON.readTree(out.resolve("tune.json").toFile());
        JsonNode failed = json.get("trials").get(0);
        assertEquals("failed", failed.get("state").asText());
        assertTrue(failed.get("reason").asText().contains("diverged"), failed.toString());
        assertEquals("completed", json.get("trials").get(1).get("state").asText());
        assertEquals(2, json.get("best_trial").asInt());
        assertTrue(Files.exists(out.resolve("refit/checkpoints")), "the refit trained on every row");
        assertTrue(Files.exists(out.resolve("model/model.zip")) && Files.exists(out.resolve("_SUCCESS")));
        String page = Files.readString(out.resolve("tune.html"));
        assertTrue(page.contains("<h2>Leaderboard</h2>") && page.contains("Best val_loss by optimizer.learning_rate")
                && page.contains("Validation val_loss per epoch, by trial"), page.substring(0, 300));
    }

    @Test
    void randomSearchJudgedByCrossValidation() throws IOException {
        Path spec = write("cv.yaml", """
                name: iris
                data: {path: data-samples/iris.csv, label: species, task: classification}
                model: {hidden: [8]}
                optimizer: {name: adam, learning_rate: 0.01}
                training: {epochs: 2, batch_size: 16, validation_split: 0.2, seed: 42}
                cv: {folds: 2}
                tune:
                  space:
                    optimizer.learning_rate: {log_uniform: [0.001, 0.1]}
                  method: random
                  trials: 2
                  use_cv: true
                """);
        Path out = dir.resolve("cv");
        Cli r = Cli.run("tune", "--spec", spec.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode json = JSON.readTree(out.resolve("tune.json").toFile());
        for (JsonNode t : json.get("trials")) {
            int n = t.get("trial").asInt();
            JsonNode summary = JSON.readTree(out.resolve("trials/trial-" + n + "/cv/cv-summary.json").toFile());
            assertEquals(summary.get("mean").get("val_loss").asDouble(), t.get("val_loss").asDouble(), 0.0);
            double lr = t.get("values").get("optimizer.learning_rate").asDouble();
            assertTrue(lr >= 0.001 && lr <= 0.1, t.toString());
            assertEquals(4, t.get("epochs").asInt(), "2 folds x 2 epochs: " + t);
        }
        assertTrue(Files.exists(out.resolve("model/model.zip")) && Files.exists(out.resolve("_SUCCESS")));
    }

    private Path write(String name, String yaml) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    static JsonNode withoutSeconds(JsonNode trials) {
        JsonNode copy = trials.deepCopy();
        copy.forEach(t -> ((ObjectNode) t).remove("seconds"));
        return copy;
    }

    /** Pairs of trials whose start and end events in events.jsonl overlap in time. */
    static List<String> overlapping(Path run) throws IOException {
        Map<Integer, Instant> start = new HashMap<>();
        Map<Integer, Instant> end = new HashMap<>();
        for (String line : Files.readAllLines(run.resolve("events.jsonl"))) {
            JsonNode e = JSON.readTree(line);
            String phase = e.path("phase").asText();
            if (phase.equals("trial_start") || phase.equals("trial")) {
                (phase.equals("trial") ? end : start).put(e.get("trial").asInt(), Instant.parse(e.get("time").asText()));
            }
        }
        List<String> pairs = new ArrayList<>();
        for (int i : start.keySet()) {
            for (int j : start.keySet()) {
                if (i < j && start.get(i).isBefore(end.get(j)) && start.get(j).isBefore(end.get(i))) {
                    pairs.add(i + "," + j);
                }
            }
        }
        return pairs;
    }
}
