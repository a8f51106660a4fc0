package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkfit.testutil.Cli;
import dev.sparkfit.testutil.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * report.html, cv-report.html and compare.html of real runs, loaded in a real headless Chromium: each opens
 * with its title and a headline above the first plot, every embedded plot decodes, the sections come in the
 * order the pages promise, and the resolved spec is folded away at the end.
 */
class ReportPagesChromiumTest {

    @TempDir
    Path dir;

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Every plot decodes, the headline is above the first one, and the page ends with folded specs. */
    private static void assertCommonLayout(JsonNode page, int specs) {
        assertTrue(page.get("headlineAboveFirstFigure").asBoolean(), page.toString());
        assertEquals(page.get("captions").size(), page.get("images").asInt(), "one image per plot: " + page);
        assertEquals(0, page.get("brokenImages").asInt(), "every plot decodes: " + page);
        assertTrue(page.get("smallestImageWidth").asInt() >= 300, page.toString());
        assertEquals(specs, page.get("details").size(), page.toString());
        for (JsonNode d : page.get("details")) {
            assertFalse(d.get("open").asBoolean(), "folded: " + d);
            assertFalse(d.get("preVisible").asBoolean(), "the spec is hidden until unfolded: " + d);
        }
        assertTrue(page.get("endsWithDetails").asBoolean(), page.toString());
    }

    @Test
    void theTrainReportOpensWithItsHeadlineAndCurves() throws IOException, InterruptedException {
        Path out = dir.resolve("titanic");
        Cli r = Cli.run("train", "--spec", "conf/titanic.yaml", "--set", "training.epochs=3",
                "--set", "model.metrics=[accuracy, auc]", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode page = HeadlessChromium.inspect(out.resolve("report.html"));
        assertEquals("sparkfit: titanic", page.get("title").asText());
        assertTrue(page.get("headline").asText().startsWith("classification (2 classes) \u00b7 best val_loss "),
                page.toString());
        List<String> captions = texts(page.get("captions"));
        assertEquals("Loss per epoch", captions.get(0), captions.toString());
        for (String c : List.of("accuracy per epoch", "auc per epoch", "Learning rate per epoch", "ROC curve",
                "Precision-recall curve")) {
            assertTrue(captions.contains(c), c + " in " + captions);
        }
        List<String> headings = texts(page.get("headings"));
        assertEquals(List.of("Plots", "Confusion matrix", "Validation curves", "Final metrics", "Model summary",
                "History"), headings);
        assertCommonLayout(page, 1);
    }

    @Test
    void theCvPageOpensWithTheFoldsMeanAndEveryCurveByFold() throws IOException, InterruptedException {
        Path out = dir.resolve("cv");
        Cli r = Cli.run("cv", "--spec", "conf/iris.yaml", "--folds", "2", "--set", "training.epochs=2",
                "--set", "model.metrics=[accuracy, f1]", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode page = HeadlessChromium.inspect(out.resolve("cv-report.html"));
        assertEquals("sparkfit cv: iris", page.get("title").asText());
        String headline = page.get("headline").asText();
        assertTrue(headline.startsWith("classification (3 classes) \u00b7 mean val_loss ")
                && headline.contains(" over 2 folds") && headline.contains("median best epoch")
                && headline.contains("150 rows"), headline);
        assertEquals(List.of("val_loss per epoch, by fold", "val_accuracy per epoch, by fold",
                "val_f1 per epoch, by fold", "Learning rate per epoch, by fold"), texts(page.get("captions")));
        assertEquals("Plots", page.get("headings").get(0).asText());
        assertTrue(Files.exists(out.resolve("plots/cv-val-loss.png")) && Files.exists(out.resolve("plots/cv-val-f1.png")));
        assertCommonLayout(page, 1);
    }

    @Test
    void theComparePageOpensWithTheWinnerAndTheJudgedMetricByModel() throws IOException, InterruptedException {
        String spec = """
                name: %s
                data: {path: data-samples/iris.csv, label: species, task: classification}
                model: {hidden: [%d], metrics: [accuracy]}
                optimizer: {name: adam, learning_rate: 0.01}
                training: {epochs: 3, batch_size: 16, seed: 42, early_stopping: {monitor: val_accuracy, patience: 3}}
                """;
        Path a = Files.writeString(dir.resolve("a.yaml"), spec.formatted("small", 2));
        Path b = Files.writeString(dir.resolve("b.yaml"), spec.formatted("wide", 16));
        Path out = dir.resolve("cmp");
        Cli r = Cli.run("compare", "--spec", a.toString(), "--spec", b.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode page = HeadlessChromium.inspect(out.resolve("compare.html"));
        assertEquals("sparkfit compare", page.get("title").asText());
        String headline = page.get("headline").asText();
        assertTrue(headline.startsWith("winner ") && headline.contains("(highest best val_accuracy)")
                && headline.contains("2 models") && headline.contains("validation rows"), headline);
        assertEquals(List.of("Validation loss per epoch, by model", "val_accuracy per epoch, by model",
                "Learning rate per epoch, by model"), texts(page.get("captions")));
        assertEquals(List.of("Plots", "Models"), texts(page.get("headings")));
        assertEquals("Spec of small (resolved)", page.get("details").get(0).get("summary").asText());
        assertCommonLayout(page, 2);
    }
}
