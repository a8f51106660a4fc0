package dev.sparkfit.data;

import dev.sparkfit.config.DataSpec;
import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.PreprocessSpec;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The fitted pipeline read back as numbers: applying the recipe by hand to a raw row gives the vector
 * Spark's pipeline gives.
 */
class FeatureRecipeTest {

    @TempDir
    Path dir;

    private InputTable table(String csv) throws IOException {
        Path file = dir.resolve("d.csv");
        Files.writeString(file, csv);
        return InputTables.forTraining(TestSpark.get(), DataSpec.of(file.toString(), "y"), s -> { });
    }

    @Test
    void theRecipeAppliedByHandGivesSparksFeatures() throws IOException {
        InputTable t = table("a,b,c,y\n1,10,red,0.5\n3,,blue,1.5\n,30,red,1.0\n8,40,,2.0\n");
        FittedPreprocessing fitted = new Preprocessing(t, MissingPolicy.MEAN, new PreprocessSpec(0.5, true)).fit(t.rows());
        FeatureRecipe r = FeatureRecipe.of(fitted, t.numeric(), t.categorical(), null, MissingPolicy.MEAN);
        assertArrayEquals(new double[] {4.0, 80.0 / 3}, r.fill(), 1e-12); // means of 1, 3, 8 and 10, 30, 40
        assertArrayEquals(new double[] {0.5, 0.5}, r.factor(), 0.0);
        assertEquals(List.of(List.of("blue", "red")), r.categories());
        assertEquals(5, r.width());

        double[][] affine = r.affine();
        List<Row> rows = fitted.transform(t.rows()).select("a", "b", "c", Preprocessing.FEATURES).collectAsList();
        for (Row row : rows) {
            double a = row.isNullAt(0) ? r.fill()[0] : row.getDouble(0);
            double b = row.isNullAt(1) ? r.fill()[1] : row.getDouble(1);
            String c = row.getString(2);
            double[] raw = {a, b, "blue".equals(c) ? 1 : 0, "red".equals(c) ? 1 : 0, c == null ? 1 : 0};
            double[] spark = ((Vector) row.get(3)).toArray();
            for (int i = 0; i < raw.length; i++) {
                assertEquals(spark[i], affine[0][i] * raw[i] + affine[1][i], 1e-12, row + " slot " + i);
            }
        }
        assertArrayEquals(new double[] {Double.NaN, Double.NaN},
                FeatureRecipe.of(fitted, t.numeric(), t.categorical(), null, MissingPolicy.FAIL).fill(), 0.0,
                "missing: fail fills nothing (sparkfit refuses such rows)");
    }

    @Test
    void theImputerOfOlderModelsGivesItsSurrogatesAsFills() throws IOException {
        InputTable t = table("a,y\n1,0.5\n,1.5\n5,1.0\n");
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
            new Imputer().setStrategy("mean").setInputCols(new String[] {"a"}).setOutputCols(new String[] {"a__filled"}),
            new VectorAssembler().setInputCols(new String[] {"a__filled"}).setOutputCol(Preprocessing.FEATURES)}).fit(t.rows());
        FeatureRecipe r = FeatureRecipe.of(new FittedPreprocessing(model, List.of("a")), List.of("a"), List.of(), null,
                MissingPolicy.MEAN);
        assertArrayEquals(new double[] {3.0}, r.fill(), 0.0);
    }

    @Test
    void aPipelineThatDoesNotMatchTheFeatureNamesIsRefused() throws IOException {
        InputTable t = table("a,c,y\n1,red,0.5\n3,blue,1.5\n");
        FittedPreprocessing fitted = new Preprocessing(t, MissingPolicy.MEAN, new PreprocessSpec(1.0, false)).fit(t.rows());
        FittedPreprocessing renamed = new FittedPreprocessing(fitted.pipeline(), List.of("a", "c=red", "c=blue", "c=<unknown>"));
        DataException e = assertThrows(DataException.class,
                () -> FeatureRecipe.of(renamed, List.of("a"), List.of("c"), null, MissingPolicy.MEAN));
        assertEquals("the model's preprocessing/ does not match its metadata.json: feature 1 is 'c=red', the indexer"
                + " says 'c=blue'", e.getMessage());
    }
}
