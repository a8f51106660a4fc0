package dev.sparkfit.artifact.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.artifact.ModelStore;
import dev.sparkfit.cli.ExportCommandTest;
import dev.sparkfit.testutil.Cli;
import dev.sparkfit.testutil.DebianPython;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ONNX export, run in ONNX Runtime on real data, gives what {@code sparkfit predict} gives on every
 * row (within {@value #TOLERANCE}); the file passes the onnx package's full checker.
 */
class OnnxExportTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    static JsonNode export(Path model, String format, Path out) throws Exception {
        Cli r = Cli.run("export", "--model", model.toString(), "--format", format, "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        return JSON.readTree(r.lastLine());
    }

    /** Exports {@code name}, runs predict on its data and the graph in onnxruntime, and compares every row. */
    private JsonNode exportAndCompare(String name) throws Exception {
        Path model = TrainedModels.get(name);
        Path onnx = dir.resolve(name + ".onnx");
        JsonNode summary = export(model, "onnx", onnx);
        Predictions p = Predictions.of(model, TrainedModels.data(name), dir.resolve("pred-" + name
                + (name.equals(TrainedModels.LIBSVM) ? ".parquet" : "")));
        assertSameAsPredict(onnx, summary, p);
        assertTrue(DebianPython.check("src/test/resources/export/check_onnx.py", onnx.toString()).startsWith("OK"));
        return summary;
    }

    static void assertSameAsPredict(Path onnx, JsonNode summary, Predictions p) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            for (JsonNode in : summary.get("inputs")) {
                List<String> cols = new ArrayList<>();
                in.get("columns").forEach(c -> cols.add(c.asText()));
                String name = in.get("name").asText();
                inputs.put(name, name.equals("vector")
                        ? OnnxTensor.createTensor(env, p.rows().stream().map(r -> p.vector(r, cols.get(0))).toArray(double[][]::new))
                        : in.get("type").asText().equals("string")
                        ? OnnxTensor.createTensor(env, p.rows().stream().map(r -> cols.stream() // an empty cell: ""
                                .map(c -> p.text(r, c) == null ? "" : p.text(r, c)).toArray(String[]::new)).toArray(String[][]::new))
                        : OnnxTensor.createTensor(env, p.rows().stream().map(r -> cols.stream() // an empty cell: NaN
                                .mapToDouble(c -> p.number(r, c)).toArray()).toArray(double[][]::new)));
            }
            assertEquals(inputs.keySet(), session.getInputNames());
            try (OrtSession.Result result = session.run(inputs)) {
                compare(result, summary, p);
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }
    }

    private static void compare(OrtSession.Result result, JsonNode summary, Predictions p) throws OrtException {
        List<Row> rows = p.rows();
        int n = rows.size();
        JsonNode first = summary.get("outputs").get(0);
        if (first.get("name").asText().equals("prediction")) {
            assertArrayEquals(new long[] {n}, ((TensorInfo) result.get("prediction").get().getInfo()).getShape());
            float[] y = (float[]) result.get("prediction").get().getValue();
            for (int i = 0; i < n; i++) {
                assertEquals(p.number(rows.get(i), "prediction"), y[i], TOLERANCE, "row " + i + ": " + rows.get(i));
            }
            return;
        }
        List<String> classes = new ArrayList<>();
        first.get("columns").forEach(c -> classes.add(c.asText()));
        assertArrayEquals(new long[] {n, classes.size()}, ((TensorInfo) result.get("probabilities").get().getInfo()).getShape());
        assertArrayEquals(new long[] {n}, ((TensorInfo) result.get("label").get().getInfo()).getShape());
        float[][] prob = (float[][]) result.get("probabilities").get().getValue();
        String[] label = (String[]) result.get("label").get().getValue();
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            assertEquals(p.text(r, "prediction"), label[i], "row " + i + ": " + r);
            for (int k = 0; k < classes.size(); k++) {
                assertEquals(p.number(r, "probability_" + classes.get(k)), prob[i][k], TOLERANCE, "row " + i + ": " + r);
            }
        }
    }

    @Test
    void titanicClassifierWithMissingAgesAndCategoriesMatchesPredictOnEveryRow() throws Exception {
        JsonNode s = exportAndCompare(TrainedModels.TITANIC);
        assertEquals("[\"age\"]", s.get("inputs").get(0).get("columns").toString());
        assertEquals("[\"sex\",\"passengerClass\"]", s.get("inputs").get(1).get("columns").toString());
        assertTrue(s.get("inputs").get(0).get("fill").get(0).asDouble() > 20, s.toString()); // the training mean age
        assertEquals(13, s.get("opset").asInt());
    }

    @Test
    void hourlyWagesRegressionWithSevenCategoricalColumnsMatchesPredictOnEveryRow() throws Exception {
        JsonNode s = exportAndCompare(TrainedModels.WAGES);
        assertEquals(7, s.get("inputs").get(1).get("columns").size());
        assertEquals("prediction", s.get("outputs").get(0).get("name").asText());
    }

    @Test
    void oneSigmoidUnitRescaleAndZeroFillMatchPredictOnEveryRow() throws Exception {
        JsonNode s = exportAndCompare(TrainedModels.SIGMOID);
        assertEquals("[0.0]", s.get("inputs").get(0).get("fill").toString());
        assertEquals("[\"no\",\"yes\"]", s.get("outputs").get(0).get("columns").toString());
    }

    @Test
    void aLibsvmModelTakesItsVectorAsOneInputAndMatchesPredictOnEveryRow() throws Exception {
        JsonNode s = exportAndCompare(TrainedModels.LIBSVM);
        assertEquals("{\"name\":\"vector\",\"type\":\"double\",\"shape\":[null,4],\"columns\":[\"libsvm_features\"]}",
                s.get("inputs").get(0).toString());
        assertEquals("[\"0.0\",\"1.0\",\"2.0\"]", s.get("outputs").get(0).get("columns").toString());
    }

    /**
     * Under {@code missing: fail} sparkfit refuses a row with an empty cell; the graph fills nothing, so a
     * NaN cell gives a NaN prediction, and a complete row gives what the network gives.
     */
    @Test
    void underMissingFailAnEmptyCellGivesNoPrediction() throws Exception {
        Path model = ExportCommandTest.model(dir, "fail", new DenseLayer.Builder().nIn(2).nOut(3)
                .activation(org.nd4j.linalg.activations.Activation.TANH).build());
        JsonNode s = export(model, "onnx", dir.resolve("fail.onnx"));
        assertEquals("{\"name\":\"numeric\",\"type\":\"double\",\"shape\":[null,2],\"columns\":[\"f0\",\"f1\"],"
                + "\"fill\":[null,null]}", s.get("inputs").get(0).toString());
        double[][] x = {{0.5, -1.25}, {Double.NaN, 2}};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(dir.resolve("fail.onnx").toString(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, x);
             OrtSession.Result r = session.run(Map.of("numeric", in))) {
            float[] y = (float[]) r.get("prediction").get().getValue();
            float expected = ModelStore.network(model).output(Nd4j.create(new float[] {0.5f, -1.25f}, 1, 2)).getFloat(0);
            assertEquals(expected, y[0], TOLERANCE);
            assertTrue(Float.isNaN(y[1]), "an empty cell under missing: fail gives NaN, not a guess: " + y[1]);
        }
    }

    @Test
    void leakyReluAndEluLayersMatchPredictOnEveryRow() throws Exception {
        JsonNode s = exportAndCompare(TrainedModels.IRIS_LEAKY);
        assertEquals(1, s.get("inputs").size());
        assertTrue(s.get("ml_opset") == null, "no categorical column, no ai.onnx.ml operator");
    }
}
