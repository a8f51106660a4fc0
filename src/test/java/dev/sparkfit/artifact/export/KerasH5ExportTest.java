package dev.sparkfit.artifact.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkfit.testutil.Cli;
import dev.sparkfit.testutil.DebianPython;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Keras HDF5 export: read back by {@code import-keras} it predicts what the original model predicts;
 * its layout checked with h5py and a numpy forward pass from its weights equals {@code sparkfit predict}.
 */
class KerasH5ExportTest {

    @TempDir
    Path dir;

    private JsonNode exportH5(String name, Path h5) throws Exception {
        JsonNode summary = OnnxExportTest.export(TrainedModels.get(name), "keras-h5", h5);
        Files.writeString(dir.resolve(name + "-summary.json"), summary.toString());
        return summary;
    }

    @Test
    void h5pyFindsKeras2sLayoutAndNumpyFromItsWeightsGivesPredictsOutputs() throws Exception {
        for (String name : List.of(TrainedModels.TITANIC, TrainedModels.WAGES, TrainedModels.SIGMOID)) {
            Path h5 = dir.resolve(name + ".h5");
            exportH5(name, h5);
            Predictions p = Predictions.of(TrainedModels.get(name), TrainedModels.data(name), dir.resolve("pred-" + name));
            String out = DebianPython.check("src/test/resources/export/check_keras_h5.py", h5.toString(),
                    dir.resolve(name + "-summary.json").toString(), p.folder().toString(), "1e-5");
            assertTrue(out.startsWith("OK: " + p.rows().size() + " rows"), name + ": " + out);
        }
    }

    /**
     * Titanic: the export's inputs are age (empty cells given the documented fill) and the one-hot columns
     * in the documented order; import-keras names them f0..f7 and the classes 0, 1 (Keras' index order).
     */
    @Test
    void importKerasReadsItBackAndPredictsWhatTheOriginalPredicts() throws Exception {
        Path h5 = dir.resolve("titanic.h5");
        JsonNode summary = exportH5(TrainedModels.TITANIC, h5);
        JsonNode input = summary.get("inputs").get(0);
        assertEquals("[\"age\",\"sex=female\",\"sex=male\",\"sex=<unknown>\",\"passengerClass=1st\",\"passengerClass=2nd\","
                + "\"passengerClass=3rd\",\"passengerClass=<unknown>\"]", input.get("columns").toString());
        double fill = input.get("fill").get(0).asDouble();
        Predictions original = Predictions.of(TrainedModels.get(TrainedModels.TITANIC), "data-samples/titanic.csv",
                dir.resolve("pred"));

        StringBuilder csv = new StringBuilder("f0,f1,f2,f3,f4,f5,f6,f7,id\n");
        Map<String, Row> byId = new HashMap<>();
        for (Row r : original.rows()) {
            double age = original.number(r, "age");
            String sex = original.text(r, "sex");
            String cls = original.text(r, "passengerClass");
            List<Object> x = new ArrayList<>(List.of(Double.isNaN(age) ? fill : age,
                    hot(sex, "female"), hot(sex, "male"), 0, hot(cls, "1st"), hot(cls, "2nd"), hot(cls, "3rd"), 0));
            String id = "r" + byId.size();
            byId.put(id, r);
            csv.append(x.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow()).append(',').append(id).append('\n');
        }
        Path inputs = dir.resolve("keras-inputs.csv");
        Files.writeString(inputs, csv);

        Path imported = dir.resolve("imported");
        Cli r = Cli.run("import-keras", "--h5", h5.toString(), "--out", imported.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Keras 2.11.0 Sequential, 8 -> 32 relu -> 32 relu -> 2 softmax, loss categorical_crossentropy"),
                r.out());
        Predictions back = Predictions.of(imported, inputs.toString(), dir.resolve("pred-back"));
        assertEquals(1309, back.rows().size());
        for (Row b : back.rows()) {
            Row o = byId.get(back.text(b, "id"));
            for (int k = 0; k < 2; k++) {
                assertEquals(original.number(o, "probability_" + List.of("no", "yes").get(k)),
                        back.number(b, "probability_" + k), 1e-5, o.toString());
            }
            assertEquals(original.text(o, "prediction"), List.of("no", "yes").get(Integer.parseInt(back.text(b, "prediction"))));
        }
    }

    private static int hot(String cell, String value) {
        return value.equals(cell) ? 1 : 0;
    }
}
