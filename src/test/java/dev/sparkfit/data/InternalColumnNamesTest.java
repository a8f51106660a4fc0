package dev.sparkfit.data;

import dev.sparkfit.config.DataSpec;
import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.PreprocessSpec;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
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

/**
 * Columns sparkfit adds are named {@code __sparkfit_*}, so input columns may be called "features", "_bad" or
 * "x__filled"; pipelines saved with the old names ("x__filled", "features") still load and give the same vector.
 */
class InternalColumnNamesTest {

    @TempDir
    Path dir;

    @Test
    void inputColumnsMayUseTheNamesSparkfitOnceUsed() throws IOException {
        Path file = dir.resolve("d.csv");
        Files.writeString(file, "features,_bad,features__raw,a__filled,a,y\n1,2,3,4,5,0.5\n2,,4,5,6,1.5\n3,4,5,6,,1.0\n");
        InputTable t = InputTables.forTraining(TestSpark.get(), DataSpec.of(file.toString(), "y"), s -> { });
        FittedPreprocessing p = new Preprocessing(t, MissingPolicy.MEAN, new PreprocessSpec(1.0, true)).fit(t.rows());
        assertEquals(List.of("features", "_bad", "features__raw", "a__filled", "a"), p.featureNames());
        assertEquals(3, p.transform(t.rows()).select(Preprocessing.FEATURES).count());
    }

    @Test
    void aPipelineSavedWithTheOldNamesLoadsAndGivesTheSameVector() throws IOException {
        Path file = dir.resolve("d.csv");
        Files.writeString(file, "a,b,y\n1,2,0.5\n,3,1.5\n5,4,1.0\n");
        InputTable t = InputTables.forTraining(TestSpark.get(), DataSpec.of(file.toString(), "y"), s -> { });
        PipelineModel old = new Pipeline().setStages(new PipelineStage[] {
            Preprocessing.fillEmpty(List.of("a", "b"), List.of("a__filled", "b__filled"), new double[] {3.0, 3.0}),
            new VectorAssembler().setInputCols(new String[] {"a__filled", "b__filled"}).setOutputCol("features")})
                .fit(t.rows());
        Path saved = dir.resolve("old-preprocessing");
        old.write().save(saved.toString());
        FittedPreprocessing loaded = FittedPreprocessing.load(saved, List.of("a", "b"));
        FittedPreprocessing today = new Preprocessing(t, MissingPolicy.MEAN, new PreprocessSpec(1.0, false)).fit(t.rows());
        List<Row> a = loaded.transform(t.rows()).select(Preprocessing.FEATURES).collectAsList();
        List<Row> b = today.transform(t.rows()).select(Preprocessing.FEATURES).collectAsList();
        assertEquals(3, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(((Vector) b.get(i).get(0)).toArray(), ((Vector) a.get(i).get(0)).toArray(), 0.0);
        }
        assertArrayEquals(new double[] {3.0, 3.0}, ((Vector) a.get(1).get(0)).toArray(), 0.0);
    }
}
