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
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code data.weight} through the real command line: a column of ones is exactly the unweighted model, rows
 * of weight 0 teach nothing, the column is not a feature, and bad weights are bad rows (exit 3 naming the
 * column, file and line); engines and networks the fused step does not cover refuse it (exit 2); cv deals
 * weighted rows into folds; {@code model.weighted_metrics} count rows by their weights.
 */
class WeightColumnTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path spec;

    @BeforeAll
    static void specFile() throws IOException {
        spec = Files.writeString(dir.resolve("w.yaml"), String.join("\n",
                "name: w",
                "data: {path: unset.csv, label: label, features: [x, y, c]}",
                "model: {hidden: [{units: 8}], metrics: [accuracy, recall]}",
                "optimizer: {name: adam, learning_rate: 0.02}",
                "training: {epochs: 6, workers: 2, seed: 7, early_stopping: false}", ""));
    }

    /** 200 rows of x, y, c, label (p|q, following x), w = {@code weight} of the row index and label. */
    static Path csv(String name, IntFunction<String> weight, Consumer<List<String>> edit) throws IOException {
        List<String> lines = new ArrayList<>(List.of("x,y,c,label,w"));
        for (int i = 0; i < 200; i++) {
            double x = (i % 50) * 0.1;
            String label = x + (i % 3) * 0.7 > 2.5 ? "p" : "q";
            lines.add(x + "," + (i % 7) + "," + "abc".charAt(i % 3) + "," + label + "," + weight.apply(i));
        }
        edit.accept(lines);
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    static Cli train(Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--spec", spec.toString(), "--set",
                "data.path=" + data, "--out", out.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(new String[0]));
    }

    static JsonNode metrics(Path run) throws IOException {
        return JSON.readTree(run.resolve("metrics.json").toFile());
    }

    static void refused(int code, Cli r, String... parts) {
        assertEquals(code, r.exitCode(), r.err() + r.out());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        for (String p : parts) {
            assertTrue(r.err().contains(p), "'" + p + "' missing in: " + r.err());
        }
    }

    @Test
    void onesAreTheUnweightedModelAndZerosTeachNothing() throws IOException {
        Path ones = csv("ones.csv", i -> "1.0", l -> { });
        Path plain = dir.resolve("plain");
        Path weighted = dir.resolve("ones");
        assertEquals(0, train(ones, plain).exitCode());
        Cli r = train(ones, weighted, "--set", "data.weight=w");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode a = metrics(plain);
        JsonNode b = metrics(weighted);
        for (String k : List.of("loss", "accuracy", "val_loss", "val_accuracy", "val_recall")) {
            assertEquals(a.get(k).asDouble(), b.get(k).asDouble(), 0.0, k + ": a weight of 1 is no weight");
        }
        JsonNode meta = JSON.readTree(weighted.resolve("model/metadata.json").toFile());
        assertFalse(meta.toString().contains("\"w\""), "the weight column is not a feature: " + meta);
        assertTrue(a.get("val_recall").asDouble() > 0.3, "the unweighted model finds q: " + a);

        // Every q row weighs 0: only p rows reach the loss, so the model never predicts q.
        Path noQ = csv("no-q.csv", i -> "0", l -> { });
        List<String> lines = Files.readAllLines(ones);
        for (int i = 1; i < lines.size(); i++) {
            lines.set(i, lines.get(i).replace(",q,1.0", ",q,0"));
        }
        Files.write(noQ, lines);
        Path zero = dir.resolve("zero");
        assertEquals(0, train(noQ, zero, "--set", "data.weight=w", "--set", "data.features=[x, y, c]").exitCode());
        JsonNode z = metrics(zero);
        assertEquals(0.0, z.get("val_recall").asDouble(), "recall of q: " + z);
        assertEquals(0.0, z.get("recall").asDouble(), "running training recall of q: " + z);
    }

    @Test
    void aBadWeightIsABadRowNamingTheColumnAndLine() throws IOException {
        Path negative = csv("negative.csv", i -> i == 41 ? "-1.5" : "1", l -> { });
        refused(3, train(negative, dir.resolve("neg"), "--set", "data.weight=w"),
                negative + ", line 43: column 'w' (data.weight): '-1.5' is not a finite number >= 0");
        Path text = csv("text.csv", i -> i == 9 ? "heavy" : "1", l -> { });
        refused(3, train(text, dir.resolve("text"), "--set", "data.weight=w"),
                text + ", line 11: column 'w' (data.weight): 'heavy' is not a finite number >= 0");
        Path empty = csv("empty.csv", i -> i == 99 ? "" : "2", l -> { });
        refused(3, train(empty, dir.resolve("empty"), "--set", "data.weight=w"),
                empty + ", line 101: column 'w' (data.weight): empty");
        refused(3, train(empty, dir.resolve("nocol"), "--set", "data.weight=weights"),
                "data.weight: no column 'weights' (columns: x, y, c, label, w)");
    }

    @Test
    void whereRowsCannotBeWeightedItIsASpecError() throws IOException {
        Path ones = csv("ones-refused.csv", i -> "1", l -> { });
        refused(2, train(ones, dir.resolve("dropout"), "--set", "data.weight=w", "--set", "model.dropout=0.3"),
                "data.weight needs the fused dense step of training.engine averaging, which does not do dropout");
        refused(2, train(ones, dir.resolve("engine"), "--set", "data.weight=w", "--set",
                "training.engine=averaging-dl4j-fit"), "'averaging-dl4j-fit' does not use");
        refused(2, train(ones, dir.resolve("feature"), "--set", "data.weight=x"),
                "data.weight: 'x' is in data.features");
    }

    static Cli cv(Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("cv", "--spec", spec.toString(), "--set", "data.path=" + data,
                "--set", "cv.folds=3", "--set", "training.epochs=3", "--out", out.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(new String[0]));
    }

    @Test
    void cvTakesTheWeightColumnAndOnesAreNoWeight() throws IOException {
        Path ones = csv("cv-ones.csv", i -> "1", l -> { });
        Cli plain = cv(ones, dir.resolve("cv-plain"));
        assertEquals(0, plain.exitCode(), plain.err() + plain.out());
        Cli weighted = cv(ones, dir.resolve("cv-ones"), "--set", "data.weight=w");
        assertEquals(0, weighted.exitCode(), weighted.err() + weighted.out());
        JsonNode a = JSON.readTree(dir.resolve("cv-plain/cv-summary.json").toFile());
        JsonNode b = JSON.readTree(dir.resolve("cv-ones/cv-summary.json").toFile());
        assertEquals(a.get("fold_rows"), b.get("fold_rows"), "the same folds");
        assertEquals(a.get("per_fold"), b.get("per_fold"),
                "a column of ones gives every fold's metrics exactly as no weight column");

        // Every q row weighs 0: no fold's model learns q, so its held-out recall of q is 0.
        Path noQ = csv("cv-no-q.csv", i -> "1", lines -> {
            for (int i = 1; i < lines.size(); i++) {
                lines.set(i, lines.get(i).replace(",q,1", ",q,0"));
            }
        });
        Cli zero = cv(noQ, dir.resolve("cv-zero"), "--set", "data.weight=w",
                "--set", "model.weighted_metrics=[recall]");
        assertEquals(0, zero.exitCode(), zero.err() + zero.out());
        JsonNode z = JSON.readTree(dir.resolve("cv-zero/cv-summary.json").toFile());
        assertEquals(0.0, z.get("mean").get("val_recall").asDouble(), "recall of q: " + z);
        assertTrue(Double.isNaN(z.get("mean").get("val_weighted_recall").asDouble()) || z.get("mean")
                .get("val_weighted_recall").asDouble() == 0.0, "q rows weigh 0: no weighted recall: " + z);
    }

    @Test
    void capacityWithCvTakesTheWeightColumn() throws IOException {
        Path ones = csv("cap-ones.csv", i -> "1", l -> { });
        List<JsonNode> steps = new ArrayList<>();
        for (String weight : List.of("", "w")) {
            Path out = dir.resolve("cap-" + (weight.isEmpty() ? "plain" : "ones"));
            List<String> args = new ArrayList<>(List.of("capacity", "--spec", spec.toString(), "--set",
                    "data.path=" + ones, "--set", "capacity.start=[2]", "--set", "capacity.max_units=2", "--set",
                    "capacity.use_cv=true", "--set", "cv.folds=3", "--set", "training.epochs=2",
                    "--out", out.toString()));
            if (!weight.isEmpty()) {
                args.addAll(List.of("--set", "data.weight=" + weight));
            }
            Cli r = Cli.run(args.toArray(new String[0]));
            assertEquals(0, r.exitCode(), r.err() + r.out());
            steps.add(JSON.readTree(out.resolve("capacity.json").toFile()).get("steps"));
        }
        assertEquals(steps.get(0).get(0).get("best_val_loss"), steps.get(1).get(0).get("best_val_loss"),
                "each step's cv with a column of ones scores exactly as without it");
    }

    @Test
    void weightedMetricsCountRowsByWeightUnderKerasNames() throws IOException {
        Path ones = csv("wm-ones.csv", i -> "1", l -> { });
        Path out = dir.resolve("wm-ones");
        Cli r = train(ones, out, "--set", "data.weight=w", "--set", "model.weighted_metrics=[accuracy, auc]");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode m = metrics(out);
        for (String k : List.of("accuracy", "val_accuracy")) {
            assertEquals(m.get(k).asDouble(), m.get(k.replace("accuracy", "weighted_accuracy")).asDouble(), 0.0,
                    k + ": weights of 1 count each row once");
        }
        assertTrue(m.has("auc") && m.has("val_auc") && !m.has("weighted_auc"), "auc is only weighted: " + m);
        String header = Files.readAllLines(out.resolve("history.csv")).get(0);
        assertTrue(header.contains("weighted_accuracy") && header.contains("val_auc"), header);

        // Class q weighs 3 in the loss and so in the training rows' weighted metrics, not in validation's.
        Path cw = dir.resolve("wm-class");
        Cli c = train(ones, cw, "--set", "model.weighted_metrics=[accuracy]", "--set", "training.class_weight={q: 3}");
        assertEquals(0, c.exitCode(), c.err() + c.out());
        JsonNode n = metrics(cw);
        assertTrue(Math.abs(n.get("weighted_accuracy").asDouble() - n.get("accuracy").asDouble()) > 1e-6,
                "class weights weigh the training rows: " + n);
        assertEquals(n.get("val_accuracy").asDouble(), n.get("val_weighted_accuracy").asDouble(), 0.0,
                "validation rows take no class weights: " + n);
    }
}
