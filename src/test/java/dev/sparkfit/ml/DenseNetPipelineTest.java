package dev.sparkfit.ml;

import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The classifier inside Spark ML's Pipeline and CrossValidator, on the titanic sample, in local[2]. */
class DenseNetPipelineTest {

    @TempDir
    Path dir;

    static Dataset<Row> titanic(SparkSession spark) {
        return spark.read().option("header", true).csv("data-samples/titanic.csv")
                .selectExpr("survived", "sex", "passengerClass", "cast(age as double) age").na().drop();
    }

    static PipelineStage[] stages(DenseNetClassifier net) {
        return new PipelineStage[] {
                new StringIndexer().setInputCol("survived").setOutputCol("label").setStringOrderType("alphabetAsc"),
                new StringIndexer().setInputCols(new String[] {"sex", "passengerClass"})
                        .setOutputCols(new String[] {"sexIndex", "classIndex"}),
                new VectorAssembler().setInputCols(new String[] {"sexIndex", "classIndex", "age"}).setOutputCol("raw"),
                new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true),
                net};
    }

    @Test
    void pipelineFitsSavesLoadsAndPredictsTheSame() throws Exception {
        SparkSession spark = TestSpark.get();
        Dataset<Row> rows = titanic(spark);
        DenseNetClassifier net = new DenseNetClassifier().setHiddenUnits(new int[] {8}).setEpochs(6)
                .setLearningRate(0.02).setWorkers(2).setSeed(7).setPatience(0).setAveraging("epoch")
                .setSpecYaml("training: {diagnostics: false}");
        PipelineModel fitted = new Pipeline().setStages(stages(net)).fit(rows);
        DenseNetClassificationModel model = (DenseNetClassificationModel) fitted.stages()[4];
        assertEquals(2, model.numClasses());
        assertEquals(3, model.numFeatures());
        assertEquals(6, model.summary().history().size());
        assertTrue(model.summary().metric("val_loss") > 0, model.summary().finalMetrics().toString());

        Dataset<Row> out = fitted.transform(rows);
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(out);
        double auc = new BinaryClassificationEvaluator().evaluate(out);
        assertTrue(accuracy > 0.7, "accuracy " + accuracy); // majority class: 0.59
        assertTrue(auc > 0.75, "auc " + auc);

        String path = dir.resolve("pipeline").toString();
        fitted.write().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        assertInstanceOf(DenseNetClassificationModel.class, loaded.stages()[4]);
        List<Row> a = out.select("prediction", "probability").collectAsList();
        List<Row> b = loaded.transform(rows).select("prediction", "probability").collectAsList();
        assertEquals(a, b);
        assertTrue(((DenseNetClassificationModel) loaded.stages()[4]).explainParams().contains("probabilityCol"));
    }

    @Test
    void crossValidatorGridsLearningRateAndHiddenUnits() {
        SparkSession spark = TestSpark.get();
        DenseNetClassifier net = new DenseNetClassifier().setEpochs(3).setWorkers(2).setSeed(3)
                .setValidationSplit(0.0).setAveraging("epoch").setBatchSize(16)
                .setSpecYaml("training: {diagnostics: false}"); // one averaging round and job per epoch
        ParamMap[] grid = new ParamGridBuilder()
                .addGrid(net.learningRate(), new double[] {0.01, 0.0001})
                .addGrid(net.hiddenUnits(), scala.collection.JavaConverters.iterableAsScalaIterable(
                        List.of(new int[] {4}, new int[] {16})))
                .build();
        Pipeline pipeline = new Pipeline().setStages(stages(net));
        CrossValidatorModel cv = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(grid)
                .setEvaluator(new BinaryClassificationEvaluator()).setNumFolds(2).setSeed(1).fit(titanic(spark));
        assertEquals(4, cv.avgMetrics().length);
        double best = java.util.Arrays.stream(cv.avgMetrics()).max().orElseThrow();
        double worst = java.util.Arrays.stream(cv.avgMetrics()).min().orElseThrow();
        assertTrue(best > 0.75 && best > worst, java.util.Arrays.toString(cv.avgMetrics()));
        PipelineModel bestModel = (PipelineModel) cv.bestModel();
        DenseNetClassificationModel m = (DenseNetClassificationModel) bestModel.stages()[4];
        assertEquals(3, m.numFeatures());
    }
}
