package dev.sparkfit.ml;

import dev.sparkfit.artifact.ModelRejectedException;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The regressor in a Pipeline on the hourly-wages sample, judged by Spark's RegressionEvaluator. */
class DenseNetRegressorTest {

    @TempDir
    Path dir;

    @Test
    void regressorBeatsTheMeanUnderRegressionEvaluatorAndSurvivesSaveLoad() throws Exception {
        SparkSession spark = TestSpark.get();
        Dataset<Row> rows = spark.read().option("header", true).csv("data-samples/hourly_wages.csv")
                .selectExpr("cast(wage as double) label", "cast(education as double) education",
                        "cast(experience as double) experience", "cast(age as double) age");
        DenseNetRegressor net = new DenseNetRegressor().setHiddenUnits(new int[] {16}).setEpochs(8)
                .setLearningRate(0.02).setWorkers(2).setSeed(11).setPatience(0).setAveraging("epoch")
                .setSpecYaml("training: {diagnostics: false}");
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {
                new VectorAssembler().setInputCols(new String[] {"education", "experience", "age"}).setOutputCol("raw"),
                new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true), net}).fit(rows);
        DenseNetRegressionModel model = (DenseNetRegressionModel) fitted.stages()[2];
        assertEquals(3, model.numFeatures());
        assertEquals(8, model.summary().epochsRun());

        Dataset<Row> out = fitted.transform(rows);
        double rmse = new RegressionEvaluator().setMetricName("rmse").evaluate(out);
        double sd = rows.selectExpr("stddev_pop(label)").head().getDouble(0);
        assertTrue(rmse < 0.95 * sd, "rmse " + rmse + ", label sd " + sd);
        double r2 = new RegressionEvaluator().setMetricName("r2").evaluate(out);
        assertTrue(r2 > 0.1, "r2 " + r2);

        String path = dir.resolve("regressor").toString();
        model.write().save(path);
        DenseNetRegressionModel loaded = DenseNetRegressionModel.load(path);
        Dataset<Row> scaled = fitted.stages()[1].transform(fitted.stages()[0].transform(rows));
        assertEquals(model.transform(scaled).select("prediction").collectAsList(),
                loaded.transform(scaled).select("prediction").collectAsList());
        org.apache.spark.ml.linalg.Vector first = scaled.select("features").head().getAs(0);
        assertEquals(model.predict(first), loaded.predict(first), 0.0);

        // A changed file is refused before anything is deserialized: by Hadoop's .crc on the local file
        // system, by the manifest on one without checksums (here: the .crc removed).
        Path head = dir.resolve("regressor/network/head.json");
        Files.writeString(head, Files.readString(head).replace("\"n_in\" : 3", "\"n_in\" : 4"));
        assertTrue(assertThrows(ModelRejectedException.class, () -> DenseNetRegressionModel.load(path)).getMessage()
                .contains("damaged"));
        Files.delete(dir.resolve("regressor/network/.head.json.crc"));
        String why = assertThrows(ModelRejectedException.class, () -> DenseNetRegressionModel.load(path)).getMessage();
        assertTrue(why.contains("head.json: its SHA-256 does not match manifest.json"), why);
    }
}
