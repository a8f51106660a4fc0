package dev.sparkfit.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.testutil.Cli;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The estimator and {@code sparkfit train} on the same rows (Parquet files of a vector column and a
 * label, in two partitions: the CLI expands the vector at the source, the estimator reads it straight into
 * the same arrays), the same network and seed: the same validation split and the same final metrics.
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

    /**
     * Titanic rows with an age as Parquet in two files: {@code features} = (sex, class, age) and the
     * survival as {@code label} (classification), or (sex, class, survived) and the age (regression).
     */
    private Path parquet(boolean regression) {
        List<Row> rows = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("data-samples/titanic.csv")).subList(1, 400);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String row : lines) {
            String[] c = row.substring(row.lastIndexOf('"') + 2).split(",", -1); // after the quoted name
            if (!c[2].isEmpty()) {
                double survived = c[0].equals("yes") ? 1 : 0;
                double sex = c[1].equals("female") ? 1 : 2;
                double pclass = c[3].charAt(0) - '0';
                double age = Double.parseDouble(c[2]);
                rows.add(regression ? RowFactory.create(Vectors.dense(sex, pclass, survived), age)
                        : RowFactory.create(Vectors.dense(sex, pclass, age), survived));
            }
        }
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
                .add("label", DataTypes.DoubleType);
        Path out = dir.resolve(regression ? "wages.parquet" : "titanic.parquet");
        TestSpark.get().createDataFrame(rows, schema).coalesce(1).repartition(2).write().parquet(out.toString());
        return out;
    }

    private JsonNode cli(Path data, String task) throws IOException {
        Path spec = dir.resolve(task + ".yaml");
        Files.writeString(spec, "name: same\ndata: {path: " + data + ", format: parquet, features: [features],"
                + " label: label, task: " + task + "}\npreprocess: {standardize: false}\n" + SECTIONS);
        Cli r = Cli.run("train", "--spec", spec.toString(), "--out", dir.resolve(task).toString());
        assertEquals(0, r.exitCode(), r.err());
        return new ObjectMapper().readTree(dir.resolve(task + "/metrics.json").toFile());
    }

    private static void same(JsonNode cli, TrainingSummary s, List<String> metrics) {
        for (String k : metrics) {
            assertTrue(Double.isFinite(s.metric(k)), k + " missing: " + s.finalMetrics());
            assertEquals(cli.get(k).asDouble(), s.metric(k), 1e-9, k + ": " + s.finalMetrics() + " vs " + cli);
        }
        assertEquals(cli.get("train_rows").asLong(), s.trainRows());
        assertEquals(cli.get("val_rows").asLong(), s.valRows());
        assertEquals(cli.get("workers").asInt(), s.workers());
    }

    @Test
    void classifierAndTrainCommandReportTheSameMetrics() throws IOException {
        Path data = parquet(false);
        JsonNode cli = cli(data, "classification");
        Dataset<Row> rows = TestSpark.get().read().parquet(data.toString());
        assertEquals(2, rows.rdd().getNumPartitions());
        TrainingSummary s = new DenseNetClassifier().setSpecYaml(SECTIONS).fit(rows).summary();
        same(cli, s, List.of("loss", "accuracy", "val_loss", "val_accuracy"));
    }

    @Test
    void regressorAndTrainCommandReportTheSameMetrics() throws IOException {
        Path data = parquet(true);
        JsonNode cli = cli(data, "regression");
        Dataset<Row> rows = TestSpark.get().read().parquet(data.toString());
        TrainingSummary s = new DenseNetRegressor().setSpecYaml(SECTIONS).fit(rows).summary();
        same(cli, s, List.of("loss", "val_loss", "val_mae"));
    }
}
