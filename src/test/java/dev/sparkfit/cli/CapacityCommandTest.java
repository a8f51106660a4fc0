package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.testutil.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** capacity grows the Titanic network until validation stops improving, and saves the chosen one. */
class CapacityCommandTest {

    @TempDir
    Path dir;

    @Test
    void growsJudgesAndSavesTheChosenArchitecture() throws IOException {
        Path out = dir.resolve("cap");
        Cli r = Cli.run("capacity", "--spec", "conf/titanic.yaml", "--out", out.toString(),
                "--set", "capacity.start=[2]", "--set", "capacity.max_units=8", "--set", "training.epochs=4");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode json = SampleSpecsTest.JSON.readTree(out.resolve("capacity.json").toFile());
        JsonNode steps = json.get("steps");
        assertTrue(steps.size() >= 1 && steps.size() <= 3, json.toString()); // [2], [4], [8] at most
        assertEquals("[2]", steps.get(0).get("hidden").toString());
        double best = Double.MAX_VALUE;
        String bestHidden = null;
        for (JsonNode s : steps) {
            if (s.get("best_val_loss").asDouble() < best) {
                best = s.get("best_val_loss").asDouble();
                bestHidden = s.get("hidden").toString();
            }
        }
        assertEquals(bestHidden, json.get("chosen").toString());
        JobSpec chosen = SpecLoader.load(out.resolve("spec.best.yaml"), List.of());
        assertEquals(bestHidden, chosen.model().hidden().stream().map(l -> l.units()).toList().toString()
                .replace(" ", ""));
        for (String f : List.of("model/model.zip", "model/metadata.json", "capacity.html",
                "plots/capacity-score.png", "plots/capacity-val-loss.png", "_SUCCESS")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        // The capacity page has its own title and leads with best val_loss against parameters.
        String page = Files.readString(out.resolve("capacity.html"));
        assertTrue(page.contains("<title>sparkfit capacity</title>"), page.substring(0, 200));
        int score = page.indexOf("<figcaption>Best val_loss by model size</figcaption>");
        int curves = page.indexOf("<figcaption>Validation loss per epoch, by model</figcaption>");
        assertTrue(score > 0 && curves > score, "score plot first, then the curves");
        assertTrue(page.substring(0, score).contains("data:image/png;base64,"), "the score plot is embedded");
    }

    @Test
    void withUseCvEveryStepIsJudgedByItsFoldsMean() throws IOException {
        Path out = dir.resolve("cap-cv");
        Cli r = Cli.run("capacity", "--spec", "conf/iris.yaml", "--out", out.toString(),
                "--set", "capacity.start=[2]", "--set", "capacity.max_units=4", "--set", "capacity.use_cv=true",
                "--set", "cv.folds=3", "--set", "training.epochs=3");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode json = SampleSpecsTest.JSON.readTree(out.resolve("capacity.json").toFile());
        for (JsonNode s : json.get("steps")) {
            JsonNode summary = SampleSpecsTest.JSON.readTree(out.resolve(s.get("cv").asText()).toFile());
            assertEquals(summary.get("mean").get("val_loss").asDouble(), s.get("best_val_loss").asDouble(), 0.0);
            assertEquals(3, summary.get("folds").asInt());
            assertTrue(s.get("params").asLong() > 0, s.toString());
        }
        assertTrue(Files.exists(out.resolve("model/model.zip")) && Files.exists(out.resolve("_SUCCESS")));
        assertTrue(Files.exists(out.resolve("spec.best.yaml")));
    }
}
