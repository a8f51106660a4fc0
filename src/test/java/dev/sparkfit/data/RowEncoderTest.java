package dev.sparkfit.data;

import dev.sparkfit.config.BadRecords;
import dev.sparkfit.config.DataFormat;
import dev.sparkfit.config.DataSpec;
import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.PreprocessSpec;
import dev.sparkfit.config.Task;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.ml.linalg.Vector;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training blocks are encoded in Java from the cached checked rows; prediction runs the saved Spark ML
 * pipeline. Both must give every row the same network input, float for float, and the one-pass split must
 * pick the rows Spark's randomSplit picks.
 */
class RowEncoderTest {

    @TempDir
    Path dir;

    private static DataSpec spec(String path, String label, List<String> features, MissingPolicy missing) {
        return new DataSpec(path, DataFormat.AUTO, label, features, List.of(), Task.AUTO, missing, BadRecords.FAIL, 0.01);
    }

    /** Encodes the training side both ways and compares row by row; returns the rows compared. */
    private static int sameEncoding(DataSpec spec, PreprocessSpec prep) {
        InputTable t = InputTables.forTraining(TestSpark.get(), spec, s -> { });
        assertNotNull(t.checked(), "read in one pass");
        try {
            CheckedRows.Part train = t.checked().split(0.2, 7)[0];
            FittedPreprocessing fitted = new Preprocessing(t, spec.missing(), prep).fit(train, TestSpark.get());
            RowEncoder enc = RowEncoder.of(fitted, t.numeric(), t.categorical(), spec.missing());
            assertEquals(fitted.width(), enc.width());
            List<float[]> java = t.checked().chunks().flatMap(c -> {
                boolean[] keep = train.keep(c);
                List<float[]> out = new ArrayList<>();
                for (int i = 0; i < c.rows; i++) {
                    if (keep[i]) {
                        float[] v = new float[enc.width()];
                        enc.encode(c, i, v, 0);
                        out.add(v);
                    }
                }
                return out.iterator();
            }).collect();
            List<Row> spark = fitted.transform(train.toDataFrame(TestSpark.get())).select(Preprocessing.FEATURES)
                    .collectAsList();
            assertEquals(spark.size(), java.size());
            for (int r = 0; r < java.size(); r++) {
                double[] want = ((Vector) spark.get(r).get(0)).toArray();
                for (int i = 0; i < want.length; i++) {
                    assertEquals((float) want[i], java.get(r)[i], 0f, "row " + r + ", feature " + fitted.featureNames().get(i));
                }
            }
            return java.size();
        } finally {
            t.release();
        }
    }

    @Test
    void titanicCategoriesAndFilledAgesEncodeAsThePipelineDoes() {
        DataSpec spec = spec("data-samples/titanic.csv", "survived", List.of("sex", "age", "passengerClass"),
                MissingPolicy.MEAN);
        assertTrue(sameEncoding(spec, new PreprocessSpec(1.0, true)) > 900);
        assertTrue(sameEncoding(spec, new PreprocessSpec(0.01, false)) > 900);
    }

    @Test
    void hourlyWagesEncodeAsThePipelineDoes() {
        DataSpec spec = spec("data-samples/hourly_wages.csv", "wage", List.of(), MissingPolicy.MEAN);
        assertTrue(sameEncoding(spec, new PreprocessSpec(1.0, true)) > 400);
    }

    @Test
    void emptyAndUnseenCategoriesGoToTheUnknownSlot() throws IOException {
        Path f = dir.resolve("e.csv");
        StringBuilder csv = new StringBuilder("a,c,y\n");
        for (int i = 0; i < 60; i++) {
            csv.append(i % 7 == 0 ? "" : String.valueOf(i * 0.37)).append(',')
                    .append(i % 5 == 0 ? "" : i % 3 == 0 ? "red" : "blue").append(',').append(i % 2).append('\n');
        }
        Files.writeString(f, csv.toString());
        assertTrue(sameEncoding(spec(f.toString(), "y", List.of(), MissingPolicy.MEAN),
                new PreprocessSpec(1.0, true)) > 30, "the split's training side");
        assertTrue(sameEncoding(spec(f.toString(), "y", List.of(), MissingPolicy.ZERO), new PreprocessSpec(2.0, true)) > 0);
    }

    @Test
    void theSplitIsRandomSplitsRowForRow() {
        for (String[] s : List.of(new String[] {"data-samples/titanic.csv", "survived", "sex,age,passengerClass"},
                new String[] {"data-samples/hourly_wages.csv", "wage", ""}, new String[] {"data-samples/iris.csv", "species", ""},
                new String[] {"data-samples/digits.csv", "digit", ""})) {
            List<String> features = s[2].isEmpty() ? List.of() : List.of(s[2].split(","));
            InputTable t = InputTables.forTraining(TestSpark.get(), spec(s[0], s[1], features, MissingPolicy.MEAN), x -> { });
            try {
                CheckedRows.Part[] parts = t.checked().split(0.2, 1234);
                Dataset<Row>[] spark = t.rows().randomSplit(new double[] {0.8, 0.2}, 1234);
                for (int side = 0; side < 2; side++) {
                    List<Row> want = spark[side].collectAsList();
                    List<Row> got = parts[side].toDataFrame(TestSpark.get()).collectAsList();
                    assertEquals(new java.util.HashSet<>(want).size(), new java.util.HashSet<>(got).size(), s[0]);
                    assertEquals(want.size(), got.size(), s[0] + " side " + side);
                    assertEquals(multiset(want), multiset(got), s[0] + " side " + side);
                }
            } finally {
                t.release();
            }
        }
    }

    private static java.util.Map<Row, Long> multiset(List<Row> rows) {
        java.util.Map<Row, Long> m = new java.util.HashMap<>();
        rows.forEach(r -> m.merge(r, 1L, Long::sum));
        return m;
    }
}
