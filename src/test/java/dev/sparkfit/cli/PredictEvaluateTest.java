package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkfit.artifact.ModelStore;
import dev.sparkfit.data.Block;
import dev.sparkfit.data.Blocks;
import dev.sparkfit.eval.Scorer;
import dev.sparkfit.testutil.Cli;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A trained titanic model: saved and loaded it predicts the same; predict and evaluate agree. */
class PredictEvaluateTest {

    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void trainSmallModel() throws IOException {
        Path run = dir.resolve("run");
        SampleSpecsTest.train("conf/titanic.yaml", run, "--set", "training.epochs=4");
        model = run.resolve("model");
    }

    @Test
    void saveThenLoadGivesIdenticalPredictions() throws IOException {
        ModelStore.LoadedModel loaded = ModelStore.load(model);
        ModelStore.LoadedModel again = ModelStore.load(model);
        Dataset<Row> rows = loaded.preprocessing().transform(
                TestSpark.get().read().option("header", true).csv("data-samples/titanic.csv").selectExpr("cast(age as double) age", "sex", "passengerClass", "survived"));
        Block b = Blocks.pack(rows, "survived", loaded.head(), loaded.metadata().nIn(), 1).first();
        MultiLayerNetwork a = loaded.network();
        float[] outA = Scorer.output(a, b.x(), b.rows(), b.nIn());
        float[] outB = Scorer.output(again.network(), b.x(), b.rows(), b.nIn());
        assertEquals(1309 * 2, outA.length);
        assertArrayEquals(outA, outB, 0f);
        // the saved updater state came back too (Adam moments), so training could resume
        assertTrue(Files.size(model.resolve("model.zip")) > 0);
        assertEquals(List.of("no", "yes"), loaded.head().classes());
    }

    @Test
    void predictWritesInputRowsPlusPredictionAndProbabilities() throws IOException {
        Path out = dir.resolve("pred.parquet");
        Cli r = Cli.run("predict", "--model", model.toString(), "--input", "data-samples/titanic.csv",
                "--output", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("wrote 1309 predictions"), r.out());
        Dataset<Row> p = TestSpark.get().read().parquet(out.toString());
        assertEquals(List.of("name", "survived", "sex", "age", "passengerClass", "prediction", "probability_no",
                "probability_yes"), List.of(p.columns()));
        assertEquals(1309, p.count());
        Row first = p.orderBy("name").first();
        assertEquals(1.0, first.getDouble(6) + first.getDouble(7), 1e-5);
        assertTrue(List.of("no", "yes").contains(first.getString(5)));
    }

    @Test
    void evaluateAgreesWithThePredictionsItWouldMake() throws IOException {
        Cli r = Cli.run("evaluate", "--model", model.toString(), "--input", "data-samples/titanic.csv");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode m = SampleSpecsTest.JSON.readTree(r.lastLine());
        assertEquals(1309, m.get("rows").asLong());
        long correct = m.get("confusion_matrix").get(0).get(0).asLong() + m.get("confusion_matrix").get(1).get(1).asLong();
        assertEquals(correct / 1309.0, m.get("accuracy").asDouble(), 1e-12);

        Path out = dir.resolve("pred-for-eval.parquet");
        assertEquals(0, Cli.run("predict", "--model", model.toString(), "--input", "data-samples/titanic.csv",
                "--output", out.toString()).exitCode());
        long agree = TestSpark.get().read().parquet(out.toString()).filter("prediction = survived").count();
        assertEquals(correct, agree);
    }
}
