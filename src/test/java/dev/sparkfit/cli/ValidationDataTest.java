package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.testutil.Cli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code data.validation} through the real command line: the validation metrics are those of exactly its
 * rows (equal to {@code sparkfit evaluate} of the saved model on that file), it is checked as training data
 * is, it excludes {@code validation_split}, and cv refuses it. Also {@code class_weight} with dropout.
 */
class ValidationDataTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path spec;
    static Path train;
    static Path validation;

    @BeforeAll
    static void files() throws IOException {
        spec = Files.writeString(dir.resolve("val.yaml"), String.join("\n",
                "name: val",
                "data: {path: unset.csv, label: label}",
                "model: {hidden: [{units: 8}]}",
                "training: {epochs: 3, workers: 2, seed: 7, early_stopping: false}", ""));
        train = csv("train.csv", 0, 200, l -> { });
        // Shifted values, and a category ('d') the training rows never have: the pipeline's unseen slot.
        validation = csv("validation.csv", 1000, 60, l -> l.set(5, "3.5,2,d,p"));
    }

    /** {@code n} rows from {@code from}: x, y (numeric), c (categorical), label p|q mostly following x. */
    static Path csv(String name, int from, int n, Consumer<List<String>> edit) throws IOException {
        List<String> lines = new ArrayList<>(List.of("x,y,c,label"));
        for (int i = from; i < from + n; i++) {
            double x = (i % 50) * 0.1;
            lines.add(x + "," + (i % 7) + "," + "abc".charAt(i % 3) + "," + (x + (i % 3) * 0.7 > 2.5 ? "p" : "q"));
        }
        edit.accept(lines);
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    static Cli train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--spec", spec.toString(), "--set",
                "data.path=" + train, "--out", out.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(new String[0]));
    }

    static void refused(int code, Cli r, String... parts) {
        assertEquals(code, r.exitCode(), r.err() + r.out());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        for (String p : parts) {
            assertTrue(r.err().contains(p), "'" + p + "' missing in: " + r.err());
        }
    }

    @Test
    void validationMetricsAreThoseOfExactlyItsRows() throws IOException {
        Path out = dir.resolve("run");
        Cli r = train(out, "--set", "data.validation=" + validation);
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode m = JSON.readTree(out.resolve("metrics.json").toFile());
        assertEquals(200, m.get("train_rows").asLong(), "every training row trains");
        assertEquals(60, m.get("val_rows").asLong(), "the validation file's rows");
        JsonNode meta = JSON.readTree(out.resolve("model/metadata.json").toFile());
        assertEquals(60, meta.get("valRows").asLong(), meta.toString());
        Cli e = Cli.run("evaluate", "--model", out.resolve("model").toString(), "--input", validation.toString());
        assertEquals(0, e.exitCode(), e.err());
        JsonNode ev = JSON.readTree(e.lastLine());
        assertEquals(60, ev.get("rows").asLong());
        assertEquals(ev.get("loss").asDouble(), m.get("val_loss").asDouble(), 1e-6, "val_loss = evaluate's loss");
        assertEquals(ev.get("accuracy").asDouble(), m.get("val_accuracy").asDouble(), 1e-12);
        assertTrue(Files.readString(out.resolve("spec.yaml")).contains("validation:"), "the spec records it");
    }

    @Test
    void aValidationSplitBesideItIsASpecError() {
        Path out = dir.resolve("both");
        refused(2, train(out, "--set", "data.validation=" + validation, "--set", "training.validation_split=0.2"),
                "training.validation_split: 0.2 and data.validation (" + validation + ") are both set");
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
    }

    @Test
    void itsRowsAreCheckedAsTrainingRowsAre() throws IOException {
        Path text = csv("val-text.csv", 1000, 60, l -> l.set(12, "abc,2,a,p"));
        refused(3, train(dir.resolve("text"), "--set", "data.validation=" + text),
                text + ", line 13: column 'x': 'abc' is not a number");
        Path label = csv("val-label.csv", 1000, 60, l -> l.set(7, "1.0,2,a,r"));
        refused(3, train(dir.resolve("label"), "--set", "data.validation=" + label),
                "line 8: label 'label': 'r' was never seen in training (classes: p, q)");
        Path noColumn = Files.writeString(dir.resolve("val-nocol.csv"), "x,c,label\n1.0,a,p\n2.0,b,q\n");
        refused(3, train(dir.resolve("nocol"), "--set", "data.validation=" + noColumn),
                noColumn + ": data.validation: feature column(s) [y] not found (columns: x, c, label)");
    }

    @Test
    void compareJudgesEveryModelOnItsRows() throws IOException {
        String data = "data: {path: " + train + ", label: label, validation: " + validation + "}";
        String base = Files.readString(spec).replace("data: {path: unset.csv, label: label}", data);
        Path small = Files.writeString(dir.resolve("small.yaml"), base);
        Path wide = Files.writeString(dir.resolve("wide.yaml"), base.replace("name: val", "name: wide")
                .replace("{units: 8}", "{units: 16}"));
        Path out = dir.resolve("compare");
        Cli r = Cli.run("compare", "--spec", small.toString(), "--spec", wide.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode json = JSON.readTree(out.resolve("compare.json").toFile());
        assertEquals(200, json.get("train_rows").asLong());
        assertEquals(60, json.get("val_rows").asLong());
    }

    @Test
    void cvRefusesIt() {
        refused(2, Cli.run("cv", "--spec", spec.toString(), "--set", "data.path=" + train, "--set",
                "data.validation=" + validation, "--out", dir.resolve("cv").toString()),
                "cv: data.validation (" + validation + ") is not used here");
    }

    @Test
    void classWeightWithDropoutIsASpecErrorInOneLine() {
        Path out = dir.resolve("dropout");
        refused(2, train(out, "--set", "model.dropout=0.2", "--set", "training.class_weight=balanced",
                        "--set", "training.validation_split=0.2"),
                "training.class_weight needs the fused dense step, which does not do dropout",
                "(leave out dropout or class_weight)");
        assertFalse(Files.exists(out.resolve("model")), "no model");
    }
}
