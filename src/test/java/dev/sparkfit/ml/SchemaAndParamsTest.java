package dev.sparkfit.ml;

import dev.sparkfit.config.SpecException;
import dev.sparkfit.data.DataException;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Column, type and param errors: one line each, raised before Spark runs any job. */
class SchemaAndParamsTest {

    private static Dataset<Row> frame(SparkSession spark) {
        StructType schema = new StructType().add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType())
                .add("label", DataTypes.DoubleType).add("name", DataTypes.StringType);
        return spark.createDataFrame(List.of(RowFactory.create(Vectors.dense(1, 2), 0.0, "a"),
                RowFactory.create(Vectors.dense(2, 1), 1.0, "b")), schema);
    }

    /** Runs {@code fit} under a job group and returns its one-line message, failing if any job ran. */
    private static String failsBeforeAnyJob(SparkSession spark, Class<? extends RuntimeException> type, Executable fit) {
        String group = "schema-check-" + System.nanoTime();
        spark.sparkContext().setJobGroup(group, "schema check", false);
        try {
            String message = assertThrows(type, fit).getMessage();
            assertFalse(message.contains("\n"), message);
            assertEquals(0, spark.sparkContext().statusTracker().getJobIdsForGroup(group).length, "a job ran");
            return message;
        } finally {
            spark.sparkContext().clearJobGroup();
        }
    }

    @Test
    void missingAndMistypedColumnsFailInOneLineBeforeAnyJob() {
        SparkSession spark = TestSpark.get();
        Dataset<Row> df = frame(spark);
        assertEquals("featuresCol: no column 'vec' (columns: features, label, name); assemble one with VectorAssembler",
                failsBeforeAnyJob(spark, DataException.class, () -> new DenseNetClassifier().setFeaturesCol("vec").fit(df)));
        assertEquals("featuresCol: column 'label' is double, not a vector (assemble it with VectorAssembler)",
                failsBeforeAnyJob(spark, DataException.class,
                        () -> new DenseNetRegressor().setFeaturesCol("label").fit(df)));
        assertEquals("labelCol: column 'name' is string, not numeric (index it with StringIndexer)",
                failsBeforeAnyJob(spark, DataException.class, () -> new DenseNetClassifier().setLabelCol("name").fit(df)));
        assertEquals("labelCol: no column 'y' (columns: features, label, name); set labelCol to the label's column",
                failsBeforeAnyJob(spark, DataException.class, () -> new DenseNetRegressor().setLabelCol("y").fit(df)));
        assertTrue(failsBeforeAnyJob(spark, SpecException.class,
                () -> new DenseNetClassifier().setValidationSplit(0.0).setPatience(3).fit(df))
                .contains("training.early_stopping.monitor: 'val_loss' needs training.validation_split > 0"));
    }

    @Test
    void paramsAreCheckedWithTheSpecsRangesAndMessages() {
        DenseNetClassifier c = new DenseNetClassifier();
        assertEquals("epochs: training.epochs: 0 is not >= 1",
                assertThrows(SpecException.class, () -> c.setEpochs(0)).getMessage());
        assertTrue(assertThrows(SpecException.class, () -> c.setActivation("rellu")).getMessage()
                .contains("'rellu' is not one of relu"));
        assertTrue(assertThrows(SpecException.class, () -> c.setLearningRate(-1)).getMessage()
                .startsWith("learningRate: optimizer.learning_rate: -1.0"));
        assertTrue(assertThrows(SpecException.class, () -> c.setSpecYaml("data: {path: x}")).getMessage()
                .contains("section 'data' is not allowed"));
        assertTrue(assertThrows(SpecException.class, () -> c.setSpecYaml("training: {epoch: 3}")).getMessage()
                .contains("unknown key"));

        DenseNetClassifier set = new DenseNetClassifier().setHiddenUnits(new int[] {32, 8}).setActivation("tanh")
                .setEpochs(7).setBatchSize(64).setOptimizer("sgd").setLearningRate(0.05).setPatience(4).setSeed(9L)
                .setOuterOptimizer("nesterov").setOuterLearningRate(0.7).setSpecYaml("model: {l2: 0.001}");
        var spec = set.spec();
        assertEquals(2, spec.model().hidden().size());
        assertEquals(32, spec.model().hidden().get(0).units());
        assertEquals("tanh", spec.model().hidden().get(1).activation().key());
        assertEquals(0.001, spec.model().l2());
        assertEquals(7, spec.training().epochs());
        assertEquals(64, spec.training().batchSize());
        assertEquals(0.05, spec.optimizer().learningRate());
        assertEquals(4, spec.training().earlyStopping().patience());
        assertEquals(9L, spec.training().seed());
        assertEquals(0.7, spec.training().outerOptimizer().learningRate());
        assertArrayEquals(new int[] {32, 8}, set.getHiddenUnits());
        assertEquals(9L, set.getSeed());
        assertFalse(new DenseNetClassifier().setPatience(0).spec().training().earlyStopping().enabled());

        DenseNetClassifier copy = set.copy(new org.apache.spark.ml.param.ParamMap().put(set.epochs(), 3));
        assertEquals(3, copy.getEpochs());
        assertEquals(set.uid(), copy.uid());
        assertTrue(set.explainParams().contains("hiddenUnits: units of each hidden dense layer"));
    }

    @Test
    void anUnfittedEstimatorSavesAndLoadsWithItsParams(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        TestSpark.get();
        DenseNetRegressor r = new DenseNetRegressor().setHiddenUnits(new int[] {5, 3}).setLearningRate(0.03)
                .setSpecYaml("model: {dropout: 0.1}").setSeed(4L);
        r.write().save(dir.resolve("est").toString());
        DenseNetRegressor back = DenseNetRegressor.load(dir.resolve("est").toString());
        assertEquals(r.uid(), back.uid());
        assertArrayEquals(new int[] {5, 3}, back.getHiddenUnits());
        assertEquals(0.03, back.getLearningRate());
        assertEquals(4L, back.getSeed());
        assertEquals(r.spec(), back.spec());
    }
}
