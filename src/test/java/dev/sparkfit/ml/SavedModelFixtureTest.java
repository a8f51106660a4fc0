package dev.sparkfit.ml;

import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Models saved before the training summary was saved with them keep loading. {@code
 * models/iris-densenet-no-summary} is a DenseNetClassificationModel as {@link #write} saved it with that
 * release (commit 67ded19: params metadata, network/model.zip, head.json, manifest.json, no summary.json),
 * committed as it was written, with {@code .probabilities.csv} the probabilities it gave the first ten
 * iris rows then. It must load, predict the same, and say it has no summary as Spark's models do.
 */
class SavedModelFixtureTest {

    static final Path FIXTURE = Path.of("src/test/resources/models/iris-densenet-no-summary");
    static final Path PROBABILITIES = Path.of("src/test/resources/models/iris-densenet-no-summary.probabilities.csv");

    @TempDir
    Path dir;

    static Dataset<Row> iris(SparkSession spark) {
        Dataset<Row> rows = spark.read().option("header", true).option("inferSchema", true).csv("data-samples/iris.csv")
                .selectExpr("*", "cast(species as double) label");
        return new VectorAssembler().setOutputCol("features")
                .setInputCols(new String[] {"sepal_length", "sepal_width", "petal_length", "petal_width"}).transform(rows);
    }

    /** How the fixture was made (run with the release that saved it; kept here to regenerate it). */
    static void write(Path model, Path probabilities) throws IOException {
        Dataset<Row> rows = iris(TestSpark.get());
        DenseNetClassificationModel m = new DenseNetClassifier().setHiddenUnits(new int[] {4}).setEpochs(2)
                .setWorkers(1).setSeed(5).setPatience(0).setSpecYaml("training: {diagnostics: false}").fit(rows);
        m.write().save(model.toString());
        List<String> lines = new ArrayList<>(List.of("p0,p1,p2"));
        for (Row r : m.transform(rows).select("probability").limit(10).collectAsList()) {
            double[] p = ((Vector) r.get(0)).toArray();
            lines.add(p[0] + "," + p[1] + "," + p[2]);
        }
        Files.write(probabilities, lines);
    }

    @Test
    void loadsPredictsTheSameAndHasNoSummary() throws IOException {
        Dataset<Row> rows = iris(TestSpark.get());
        DenseNetClassificationModel m = DenseNetClassificationModel.load(FIXTURE.toString());
        assertEquals(3, m.numClasses());
        assertEquals(4, m.numFeatures());
        assertFalse(m.hasSummary());
        IllegalStateException e = assertThrows(IllegalStateException.class, m::summary);
        assertEquals("No training summary available for this DenseNetClassificationModel", e.getMessage());

        List<String> expected = Files.readAllLines(PROBABILITIES).subList(1, 11);
        List<Row> got = m.transform(rows).select("probability", "rawPrediction", "prediction").limit(10).collectAsList();
        for (int i = 0; i < 10; i++) {
            String[] want = expected.get(i).split(",");
            double[] p = ((Vector) got.get(i).get(0)).toArray();
            double[] raw = ((Vector) got.get(i).get(1)).toArray();
            double[] fromRaw = ClassScores.probabilitiesOfRaw(raw, m.head());
            for (int c = 0; c < 3; c++) {
                assertEquals(Double.parseDouble(want[c]), p[c], 0.0, "row " + i + " class " + c);
                assertEquals(p[c], fromRaw[c], 1e-6, "softmax of rawPrediction, row " + i);
            }
        }
    }

    @Test
    void aResaveCarriesNoSummaryAndTheSameNetwork() throws IOException {
        TestSpark.get(); // the shared local[2] session the reader finds
        DenseNetClassificationModel m = DenseNetClassificationModel.load(FIXTURE.toString());
        Path copy = dir.resolve("resaved");
        m.write().save(copy.toString());
        assertFalse(Files.exists(copy.resolve("network/summary.json")));
        DenseNetClassificationModel again = DenseNetClassificationModel.load(copy.toString());
        assertFalse(again.hasSummary());
        assertEquals(m.uid(), again.uid());
        Vector v = org.apache.spark.ml.linalg.Vectors.dense(5.1, 3.5, 1.4, 0.2);
        assertEquals(m.predictRaw(v), again.predictRaw(v));
        assertEquals(m.predictProbability(v), again.predictProbability(v));
    }
}
