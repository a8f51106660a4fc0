package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.artifact.ModelStore;
import dev.sparkfit.testutil.Cli;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code import-keras} on the HDF5 fixtures that {@code src/test/resources/keras/make_fixtures.py} writes:
 * the imported models predict what their weights give by hand, through {@code predict}; files that are
 * not Keras 2 Sequential Dense models are refused with one line; {@code model.init_from} starts training
 * from an imported model's weights.
 */
class ImportKerasTest {

    static final Path FIXTURES = Path.of("src/test/resources/keras");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /**
     * The 2-2-1 fixture: h1 = relu(x1 + 2*x2 + 0.5), h2 = relu(-x1 + x2 - 1), y = 2*h1 + 3*h2 + 1.
     * (1, 2): h = (5.5, 0), y = 12. (0, 0): h = (0.5, 0), y = 2. (-2, 3): h = (4.5, 4), y = 9 + 12 + 1 = 22.
     * (3, -1): h = (1.5, 0), y = 4.
     */
    static final String REGRESSION_ROWS = "f0,f1,id\n1,2,a\n0,0,b\n-2,3,c\n3,-1,d\n";
    static final double[] REGRESSION_Y = {12, 2, 22, 4};

    private Path importModel(String fixture, String... extra) throws IOException {
        Path out = dir.resolve(fixture.replace('.', '-') + (extra.length == 0 ? "" : "-with-spec"));
        List<String> args = new java.util.ArrayList<>(List.of("import-keras", "--h5", FIXTURES.resolve(fixture).toString(),
                "--out", out.toString()));
        args.addAll(List.of(extra));
        Cli r = Cli.run(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("model saved: " + out), r.out());
        return out;
    }

    /** Runs predict on {@code csv} and returns the output rows ordered by {@code key}. */
    private List<Row> predict(Path model, String csv, String key) throws IOException {
        Path input = dir.resolve("input-" + System.nanoTime() + ".csv");
        Files.writeString(input, csv);
        Path output = dir.resolve("pred-" + System.nanoTime());
        Cli r = Cli.run("predict", "--model", model.toString(), "--input", input.toString(), "--output", output.toString());
        assertEquals(0, r.exitCode(), r.err());
        return TestSpark.get().read().option("header", true).csv(output.toString()).orderBy(key).collectAsList();
    }

    @Test
    void keras2AndTfKerasRegressionModelsPredictTheHandComputedValues() throws IOException {
        for (String fixture : List.of("regression-keras2.h5", "regression-tfkeras.h5")) {
            Path model = importModel(fixture);
            JsonNode meta = JSON.readTree(model.resolve(ModelStore.METADATA).toFile());
            assertEquals("regression", meta.get("task").asText());
            assertEquals("[\"f0\",\"f1\"]", meta.get("featureNames").toString());
            assertEquals("mse", meta.get("loss").asText());
            assertEquals("identity", meta.get("outputActivation").asText());
            List<Row> rows = predict(model, REGRESSION_ROWS, "id");
            double[] predicted = rows.stream().mapToDouble(r -> Double.parseDouble(r.getAs("prediction"))).toArray();
            assertArrayEquals(REGRESSION_Y, predicted, 1e-5, fixture);
        }
    }

    /**
     * The softmax fixture: logits (x1, x2, -x1).
     * (2, 0): e^2, e^0, e^-2 = 7.389056, 1, 0.135335 (sum 8.524391): p = 0.866813, 0.117310, 0.015876.
     * (0, 1): 1, e, 1 (sum 4.718282): p = 0.211942, 0.576117, 0.211942.
     * (-1, 0): e^-1, 1, e = 0.367879, 1, 2.718282 (sum 4.086161): p = 0.090031, 0.244728, 0.665241.
     */
    @Test
    void softmaxClassifierNamesClassesFromTheSpecsDataOrZeroToKMinusOne() throws IOException {
        double[][] p = {{0.866813, 0.117310, 0.015876}, {0.211942, 0.576117, 0.211942}, {0.090031, 0.244728, 0.665241}};
        String rows = "x1,x2,species\n2,0,setosa\n0,1,versicolor\n-1,0,virginica\n";

        Path plain = importModel("classifier-keras2.h5");
        List<Row> byIndex = predict(plain, rows.replace("x1,x2,", "f0,f1,"), "species");
        assertEquals(List.of("0", "1", "2"), byIndex.stream().map(r -> r.<String>getAs("prediction")).toList());

        Path data = dir.resolve("flowers.csv");
        Files.writeString(data, rows);
        Path spec = dir.resolve("flowers.yaml");
        Files.writeString(spec, "data: {path: " + data + ", label: species, features: [x1, x2], missing: fail}\n"
                + "preprocess: {standardize: false}\n");
        Path named = importModel("classifier-keras2.h5", "--spec", spec.toString());
        List<Row> out = predict(named, rows, "species");
        for (int i = 0; i < 3; i++) {
            assertEquals(out.get(i).<String>getAs("species"), out.get(i).getAs("prediction"));
            String[] classes = {"setosa", "versicolor", "virginica"};
            for (int k = 0; k < 3; k++) {
                assertEquals(p[i][k], Double.parseDouble(out.get(i).getAs("probability_" + classes[k])), 1e-5);
            }
        }
        Cli eval = Cli.run("evaluate", "--model", named.toString(), "--input", data.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        // loss = -(ln 0.866813 + ln 0.576117 + ln 0.665241) / 3 = (0.142932 + 0.551423 + 0.407605) / 3 = 0.367320
        JsonNode m = JSON.readTree(eval.lastLine());
        assertEquals(1.0, m.get("accuracy").asDouble(), 1e-12);
        assertEquals(0.367320, m.get("loss").asDouble(), 1e-5);
    }

    @Test
    void whatIsNotAKeras2SequentialDenseModelIsRefusedInOneLine() throws IOException {
        String keras3 = "Keras 3 files are not read (DL4J reads Keras 1 and 2 HDF5); save with Keras 2 or tf.keras < 2.16 as .h5";
        String[][] cases = {
            {"keras3.h5", "keras3.h5: keras_version 3.3.3: " + keras3},
            {"keras3.keras", "keras3.keras: " + keras3},
            {"dropout-keras2.h5", "layer 'dropout_1' is a Dropout; import-keras reads Keras 2 Sequential models of Dense layers"},
            {"functional-keras2.h5", "a Keras 'Model' model; import-keras reads Keras 2 Sequential models of Dense layers"},
            {"make_fixtures.py", "make_fixtures.py: not an HDF5 file"},
        };
        for (String[] c : cases) {
            Path out = dir.resolve("refused-" + c[0]);
            Cli r = Cli.run("import-keras", "--h5", FIXTURES.resolve(c[0]).toString(), "--out", out.toString());
            assertEquals(2, r.exitCode(), c[0] + ": " + r.err());
            assertTrue(r.err().contains(c[1]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void aSpecThatWouldFitStatisticsIsRefused() throws IOException {
        Path spec = dir.resolve("scaled.yaml");
        Files.writeString(spec, "data: {path: nowhere.csv, label: y, missing: fail}\n");
        Cli r = Cli.run("import-keras", "--h5", FIXTURES.resolve("regression-keras2.h5").toString(),
                "--out", dir.resolve("m").toString(), "--spec", spec.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("scaled.yaml: preprocess.standardize: true needs statistics of training rows"
                + " and import-keras fits nothing; set it to false"), r.err());
    }

    private Path trainSpec(Path initFrom, String features, String hidden) throws IOException {
        Path data = dir.resolve("train.csv");
        // the imported model predicts 12, 2, 22, 4 for these rows (see REGRESSION_ROWS)
        Files.writeString(data, "f0,f1,y\n1,2,10\n0,0,2\n-2,3,22\n3,-1,6\n");
        Path spec = dir.resolve("init-" + System.nanoTime() + ".yaml");
        Files.writeString(spec, "data: {path: " + data + ", label: y, features: " + features + "}\n"
                + "preprocess: {standardize: false}\n"
                + "model: {hidden: " + hidden + ", loss: mse, init_from: " + initFrom + "}\n"
                + "optimizer: {name: sgd, learning_rate: 0.01}\n"
                + "training: {epochs: 1, batch_size: 4, workers: 1, validation_split: 0, early_stopping: false}\n");
        return spec;
    }

    @Test
    void trainWithInitFromStartsFromTheImportedWeights() throws IOException {
        Path model = importModel("regression-keras2.h5");
        Path spec = trainSpec(model, "[f0, f1]", "[{units: 2, activation: relu}]");
        Path run = dir.resolve("run");
        Cli r = Cli.run("train", "--spec", spec.toString(), "--out", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("starting from the weights of " + model), r.out());
        // One minibatch of all 4 rows, its loss taken before the update, with the imported weights:
        // predictions 12, 2, 22, 4 against targets 10, 2, 22, 6: squared errors 4, 0, 0, 4, mean 2.0.
        JsonNode history = JSON.readTree(run.resolve("history.json").toFile());
        assertEquals(2.0, history.get(0).get("loss").asDouble(), 1e-5);
    }

    @Test
    void initFromWhoseShapesDoNotMatchTheSpecIsASpecError() throws IOException {
        Path model = importModel("regression-keras2.h5");
        Cli wider = Cli.run("train", "--spec", trainSpec(model, "[f0, f1]", "[3]").toString(),
                "--out", dir.resolve("wider").toString());
        assertEquals(2, wider.exitCode(), wider.err());
        assertTrue(wider.err().contains("model.init_from: " + model + " has hidden layers [2] (2 -> 2 -> 1),"
                + " the spec's model.hidden has [3]"), wider.err());
        Cli narrower = Cli.run("train", "--spec", trainSpec(model, "[f0]", "[2]").toString(),
                "--out", dir.resolve("narrower").toString());
        assertEquals(2, narrower.exitCode(), narrower.err());
        assertTrue(narrower.err().contains("model.init_from: " + model + " has layers 2 -> 2 -> 1, the spec's network"
                + " on this data is 1 -> 2 -> 1"), narrower.err());
        assertFalse(Files.exists(dir.resolve("narrower").resolve("model")));
    }
}
