package dev.sparkfit.data;

import dev.sparkfit.config.DataSpec;
import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.PreprocessSpec;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The feature pipeline learns its statistics from the rows it is fitted on, and only from those. */
class PreprocessingTest {

    @TempDir
    Path dir;

    private InputTable table(String csv) throws IOException {
        Path file = dir.resolve("d.csv");
        Files.writeString(file, csv);
        return InputTables.forTraining(TestSpark.get(), DataSpec.of(file.toString(), "y"), s -> { });
    }

    @Test
    void statisticsComeFromTrainingRowsOnly() throws IOException {
        // training rows: a = 1, 3, (empty) -> mean 2; validation rows: a = 100, 200
        InputTable t = table("a,c,y,part\n1,red,0.5,train\n3,blue,1.5,train\n,red,1.0,train\n"
                + "100,green,9.0,val\n200,green,9.0,val\n");
        Dataset<Row> train = t.rows().filter(col("part").equalTo("train"));
        Dataset<Row> val = t.rows().filter(col("part").equalTo("val"));
        // 'part' is a categorical feature here too; only 'train' appears in training rows
        FittedPreprocessing fitted = new Preprocessing(t, MissingPolicy.MEAN, new PreprocessSpec(1.0, true)).fit(train);

        // the empty cell of the third training row is filled with the training mean
        Row third = fitted.transform(train).select(Preprocessing.INTERNAL + "filled_a").collectAsList().get(2);
        assertEquals(2.0, third.getDouble(0), 0.0);
        StandardScalerModel scaler = (StandardScalerModel) fitted.pipeline().stages()[fitted.pipeline().stages().length - 1];
        assertEquals(2.0, scaler.mean().apply(0), 1e-12); // (1 + 3 + 2 imputed) / 3
        // categories seen in training: c = blue, red (+ unknown); part = train (+ unknown)
        assertEquals(List.of("a", "c=blue", "c=red", "c=<unknown>", "part=train", "part=<unknown>"),
                fitted.featureNames());

        Vector v = (Vector) fitted.transform(val).select(Preprocessing.FEATURES).first().get(0);
        double std = scaler.std().apply(0); // sample std of 1, 3, 2 = 1
        assertEquals(1.0, std, 1e-12);
        assertEquals((100 - 2.0) / std, v.apply(0), 1e-9);
        // 'green' and 'val' were never seen: they land in the unknown slots
        double[] raw = ((Vector) fitted.transform(val).select(Preprocessing.FEATURES + "_raw").first().get(0)).toArray();
        assertArrayEquals(new double[] {100, 0, 0, 1, 0, 1}, raw, 0.0);
    }

    @Test
    void meanPolicyRefusesANumericColumnWithoutValuesInTheTrainingRows() throws IOException {
        InputTable t = table("a,b,y\n1,2,0.5\n3,,1.5\n5,7,1.0\n");
        Dataset<Row> train = t.rows().filter(col("b").isNull()); // 'b' has no values in these rows
        DataException e = assertThrows(DataException.class,
                () -> new Preprocessing(t, MissingPolicy.MEAN, new PreprocessSpec(1.0, false)).fit(train));
        assertEquals("data.missing: mean: column 'b' has no values in the training rows, so it has no mean to fill"
                + " with (drop the column or set data.missing: zero)", e.getMessage());
    }

    @Test
    void zeroPolicyFillsWithZeroAndAConstantFeatureScalesToZeroNotNaN() throws IOException {
        InputTable t = table("a,k,y\n,5,1\n4,5,2\n");
        FittedPreprocessing fitted = new Preprocessing(t, MissingPolicy.ZERO, new PreprocessSpec(1.0, true)).fit(t.rows());
        List<Row> rows = fitted.transform(t.rows()).select(Preprocessing.FEATURES).collectAsList();
        for (Row r : rows) {
            double k = ((Vector) r.get(0)).apply(1);
            assertEquals(0.0, k, 0.0, "constant column k must scale to 0, not NaN");
        }
        double[] raw = ((Vector) fitted.transform(t.rows()).select(Preprocessing.FEATURES + "_raw").first().get(0)).toArray();
        assertEquals(0.0, raw[0], 0.0);
    }

    @Test
    void rescaleMultipliesNumericInputsOnlyAsKerasRescaling() throws IOException {
        InputTable t = table("a,c,y\n255,red,1\n51,blue,0\n");
        FittedPreprocessing fitted = new Preprocessing(t, MissingPolicy.MEAN, new PreprocessSpec(1 / 255.0, false))
                .fit(t.rows());
        List<Row> rows = fitted.transform(t.rows()).select(Preprocessing.FEATURES).collectAsList();
        assertArrayEquals(new double[] {1.0, 0, 1, 0}, ((Vector) rows.get(0).get(0)).toArray(), 1e-12);
        assertArrayEquals(new double[] {0.2, 1, 0, 0}, ((Vector) rows.get(1).get(0)).toArray(), 1e-12);
    }
}
