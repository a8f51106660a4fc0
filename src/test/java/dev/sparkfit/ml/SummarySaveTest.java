package dev.sparkfit.ml;

import dev.sparkfit.artifact.ModelRejectedException;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training summary is saved with the model (network/summary.json, in the SHA-256 manifest) and
 * comes back equal on load, alone and inside a saved PipelineModel; a changed summary file is refused.
 */
class SummarySaveTest {

    @TempDir
    Path dir;

    @Test
    void classifierSummaryComesBackEqualAndIsChecked() throws Exception {
        Dataset<Row> rows = SavedModelFixtureTest.iris(TestSpark.get());
        DenseNetClassifier net = new DenseNetClassifier().setHiddenUnits(new int[] {4}).setEpochs(3).setWorkers(2)
                .setSeed(5).setPatience(0).setSpecYaml("training: {diagnostics: false}");
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {net}).fit(rows);
        DenseNetClassificationModel model = (DenseNetClassificationModel) fitted.stages()[0];
        TrainingSummary s = model.summary();
        assertEquals(3, s.history().size());
        assertTrue(s.metric("val_accuracy") >= 0, s.finalMetrics().toString());

        Path alone = dir.resolve("model");
        model.write().save(alone.toString());
        String manifest = Files.readString(alone.resolve("network/manifest.json"));
        assertTrue(manifest.contains("\"summary.json\":{\"sha256\":\""), manifest);
        DenseNetClassificationModel loaded = DenseNetClassificationModel.load(alone.toString());
        assertTrue(loaded.hasSummary());
        assertEquals(s, loaded.summary());
        assertEquals(s.history().get(2).value("val_loss"), loaded.summary().history().get(2).value("val_loss"), 0.0);

        Path pipeline = dir.resolve("pipeline");
        fitted.write().save(pipeline.toString());
        assertEquals(s, ((DenseNetClassificationModel) PipelineModel.load(pipeline.toString()).stages()[0]).summary());

        Path summary = alone.resolve("network/summary.json");
        Files.writeString(summary, Files.readString(summary).replaceFirst("\"epochs_run\" : 3", "\"epochs_run\" : 30"));
        Files.delete(alone.resolve("network/.summary.json.crc")); // as a hand edit would: past Hadoop's own check
        ModelRejectedException e = assertThrows(ModelRejectedException.class,
                () -> DenseNetClassificationModel.load(alone.toString()));
        assertTrue(e.getMessage().endsWith("network/summary.json: its SHA-256 does not match manifest.json (changed"
                + " or damaged)"), e.getMessage());
    }

    @Test
    void regressorSummaryComesBackEqual() throws Exception {
        Dataset<Row> rows = SavedModelFixtureTest.iris(TestSpark.get()).selectExpr("features", "petal_width label");
        DenseNetRegressionModel model = new DenseNetRegressor().setHiddenUnits(new int[] {4}).setEpochs(2).setWorkers(1)
                .setSeed(5).setPatience(0).setSpecYaml("training: {diagnostics: false}").fit(rows);
        Path p = dir.resolve("regressor");
        model.write().save(p.toString());
        DenseNetRegressionModel loaded = DenseNetRegressionModel.load(p.toString());
        assertEquals(model.summary(), loaded.summary());
        assertFalse(loaded.summary().finalMetrics().isEmpty());
    }

    @Test
    void aSummaryWithNonFiniteValuesRoundTrips() {
        TrainingSummary s = new TrainingSummary(java.util.List.of(new TrainingSummary.Epoch(1,
                java.util.Map.of("loss", Double.NaN, "val_loss", Double.POSITIVE_INFINITY, "learning_rate", 0.01), 1.5)),
                java.util.Map.of("loss", Double.NaN), 1, 1, false, 10, 0, 1);
        assertEquals(s, TrainingSummary.fromJson(s.toJson(), "here"));
        ModelRejectedException e = assertThrows(ModelRejectedException.class,
                () -> TrainingSummary.fromJson("{\"history\": []}".getBytes(), "x/summary.json"));
        assertEquals("x/summary.json: not a readable training summary ('final_metrics' is missing)", e.getMessage());
    }
}
