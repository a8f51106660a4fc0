package dev.sparkfit.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.testutil.Cli;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The estimator and {@code sparkfit train} on the same rows (a libsvm file: the CLI passes its vector
 * through as the estimator does), the same network and seed: the same final metrics.
 */
class SameAsCliTest {

    private static final String SECTIONS = """
            model:
              hidden: [{units: 8, activation: relu}]
            optimizer: {name: adam, learning_rate: 0.01}
            training: {epochs: 3, batch_size: 32, workers: 2, seed: 5, validation_split: 0.25, averaging: epoch,
                       diagnostics: false, early_stopping: false}
            """;

    @TempDir
    Path dir;

    @Test
    void estimatorAndTrainCommandReportTheSameMetrics() throws IOException {
        Path data = dir.resolve("titanic.libsvm");
        List<String> lines = new ArrayList<>();
        for (String row : Files.readAllLines(Path.of("data-samples/titanic.csv")).subList(1, 400)) {
            String[] c = row.substring(row.lastIndexOf('"') + 2).split(",", -1); // after the quoted name
            if (!c[2].isEmpty()) {
                lines.add((c[0].equals("yes") ? 1 : 0) + " 1:" + (c[1].equals("female") ? 1 : 2) + " 2:"
                        + c[3].charAt(0) + " 3:" + c[2]);
            }
        }
        Files.write(data, lines);
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "name: same\ndata: {path: " + data + ", format: libsvm, task: classification}\n"
                + "preprocess: {standardize: false}\n" + SECTIONS);
        Cli r = Cli.run("train", "--spec", spec.toString(), "--out", dir.resolve("run").toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode cli = new ObjectMapper().readTree(dir.resolve("run/metrics.json").toFile());

        Dataset<Row> rows = TestSpark.get().read().format("libsvm").load(data.toString());
        DenseNetClassificationModel model = new DenseNetClassifier().setSpecYaml(SECTIONS).fit(rows);
        TrainingSummary s = model.summary();
        for (String k : List.of("loss", "accuracy", "val_loss", "val_accuracy")) {
            assertEquals(cli.get(k).asDouble(), s.metric(k), 1e-9, k + ": " + s.finalMetrics() + " vs " + cli);
        }
        assertEquals(cli.get("train_rows").asLong(), s.trainRows());
        assertEquals(cli.get("val_rows").asLong(), s.valRows());
    }
}
