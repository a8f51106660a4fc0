package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.testutil.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sparkfit cv} through the real command line on real Spark local[2] and real DL4J. */
class CvCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void threeFoldsOnIrisWithRefit() throws IOException {
        Path out = dir.resolve("iris-cv");
        Cli r = Cli.run("cv", "--spec", "conf/iris.yaml", "--folds", "3", "--refit", "--set", "training.epochs=5",
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        for (String f : List.of("spec.yaml", "cv-summary.json", "cv-report.html", "plots/cv-val-loss.png",
                "model/model.zip", "model/metadata.json", "model/preprocessing", "refit/metrics.json", "_SUCCESS")) {
            assertTrue(Files.exists(out.resolve(f)), f + " missing in " + out);
        }
        for (int k = 1; k <= 3; k++) {
            for (String f : List.of("history.csv", "history.json", "metrics.json")) {
                assertTrue(Files.exists(out.resolve("cv/fold-" + k + "/" + f)), "fold-" + k + "/" + f);
            }
        }
        JsonNode summary = JSON.readTree(out.resolve("cv-summary.json").toFile());
        assertEquals(summary, JSON.readTree(r.lastLine()), "last stdout line is cv-summary.json");
        assertEquals(3, summary.get("folds").asInt());
        assertTrue(summary.get("stratified").asBoolean());
        long rows = 0;
        for (JsonNode n : summary.get("fold_rows")) {
            rows += n.asLong();
        }
        assertEquals(150, rows);
        assertSummaryMatchesFolds(out, summary, 3);
        assertTrue(summary.get("mean").has("val_accuracy") && summary.get("mean").has("best_epoch"), summary.toString());
        assertFalse(summary.get("mean").has("val_rows"), "row counts are not metrics");
        JsonNode refit = JSON.readTree(out.resolve("refit/metrics.json").toFile());
        assertEquals(summary.get("refit_epochs").asInt(), refit.get("epochs_run").asInt());
        assertEquals(150, refit.get("train_rows").asInt());
        String report = Files.readString(out.resolve("cv-report.html"));
        assertTrue(report.contains("fold") && report.contains("data:image/png;base64,"), "report has the plot");
        assertTrue(r.out().contains("fold 3/3: epoch 1/5"), r.out());
    }

    /** Mean and sample std of every summarized metric, recomputed from cv/fold-K/metrics.json. */
    static void assertSummaryMatchesFolds(Path out, JsonNode summary, int k) throws IOException {
        JsonNode[] folds = new JsonNode[k];
        for (int f = 0; f < k; f++) {
            folds[f] = JSON.readTree(out.resolve("cv/fold-" + (f + 1) + "/metrics.json").toFile());
        }
        int checked = 0;
        for (Iterator<String> it = summary.get("mean").fieldNames(); it.hasNext(); checked++) {
            String key = it.next();
            double sum = 0;
            for (JsonNode m : folds) {
                sum += m.get(key).asDouble();
            }
            double mean = sum / k;
            double ss = 0;
            for (int f = 0; f < k; f++) {
                double x = folds[f].get(key).asDouble();
                ss += (x - mean) * (x - mean);
                assertEquals(x, summary.get("per_fold").get(f).get(key).asDouble(), 0.0, key + " of fold " + (f + 1));
            }
            assertEquals(mean, summary.get("mean").get(key).asDouble(), 1e-12, "mean " + key);
            assertEquals(Math.sqrt(ss / (k - 1)), summary.get("std").get(key).asDouble(), 1e-12, "std " + key);
        }
        assertTrue(checked >= 3, "best_epoch, val_loss, val_accuracy at least: " + summary);
    }

    @Test
    void foldsRunInParallelGiveTheSameResultsAsOneAtATime() throws IOException {
        // Two folds at once share 2 workers (1 each); one at a time with training.workers=1 is the same training.
        Path parallel = dir.resolve("parallel");
        Path serial = dir.resolve("serial");
        Cli p = Cli.run("cv", "--spec", "conf/iris.yaml", "--folds", "2", "--set", "training.epochs=3",
                "--set", "training.workers=2", "--set", "cv.parallelism=2", "--out", parallel.toString());
        assertEquals(0, p.exitCode(), p.err() + p.out());
        Cli s = Cli.run("cv", "--spec", "conf/iris.yaml", "--folds", "2", "--set", "training.epochs=3",
                "--set", "training.workers=1", "--out", serial.toString());
        assertEquals(0, s.exitCode(), s.err() + s.out());
        for (int k = 1; k <= 2; k++) {
            JsonNode a = JSON.readTree(parallel.resolve("cv/fold-" + k + "/history.json").toFile());
            JsonNode b = JSON.readTree(serial.resolve("cv/fold-" + k + "/history.json").toFile());
            for (int e = 0; e < a.size(); e++) {
                assertEquals(b.get(e).get("val_loss").asDouble(), a.get(e).get("val_loss").asDouble(), 0.0,
                        "fold " + k + " epoch " + (e + 1));
            }
        }
        assertTrue(Files.exists(parallel.resolve("_SUCCESS")));
        assertFalse(Files.exists(parallel.resolve("model")), "no refit asked, no model");
    }

    @Test
    void oneFoldIsABadSpec() {
        Path out = dir.resolve("one");
        Cli r = Cli.run("cv", "--spec", "conf/iris.yaml", "--folds", "1", "--out", out.toString());
        assertEquals(2, r.exitCode());
        assertEquals("sparkfit: conf/iris.yaml: cv.folds: 1 is not >= 2", r.err().strip());
        assertFalse(Files.exists(out));
    }

    @Test
    void moreFoldsThanRowsIsADataError() throws IOException {
        Path csv = dir.resolve("tiny.csv");
        Files.writeString(csv, "x,y\n1,a\n2,b\n3,a\n");
        Path out = dir.resolve("tiny");
        Cli r = Cli.run("cv", "--spec", "conf/iris.yaml", "--set", "data.path=" + csv, "--set", "data.label=y",
                "--set", "cv.folds=4", "--out", out.toString());
        assertEquals(3, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().contains("4 folds") && r.err().contains("has 3"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
    }
}
