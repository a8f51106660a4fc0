package dev.sparkfit.ml;

import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rawPrediction and thresholds held to Spark's own semantics on the titanic sample, for a softmax head
 * (two one-hot outputs) and a single sigmoid unit: Spark's BinaryClassificationEvaluator ranks rows the
 * same on rawPrediction as on probability, Spark's raw2probability (softmax, or the margin's sigmoid)
 * gives the probabilities back, and with thresholds every prediction is what Spark's own
 * probability2prediction says.
 */
class RawPredictionTest {

    private static Dataset<Row> rows;
    private static DenseNetClassificationModel softmax;
    private static DenseNetClassificationModel sigmoid;

    @BeforeAll
    static void fit() {
        Dataset<Row> titanic = DenseNetPipelineTest.titanic(TestSpark.get());
        PipelineModel prep = new org.apache.spark.ml.Pipeline().setStages(java.util.Arrays.copyOf(
                DenseNetPipelineTest.stages(null), 4)).fit(titanic);
        rows = prep.transform(titanic).cache();
        DenseNetClassifier net = new DenseNetClassifier().setHiddenUnits(new int[] {8}).setEpochs(4)
                .setLearningRate(0.02).setWorkers(2).setSeed(7).setPatience(0).setAveraging("epoch");
        softmax = net.copy(new org.apache.spark.ml.param.ParamMap())
                .setSpecYaml("training: {diagnostics: false}").fit(rows);
        sigmoid = net.copy(new org.apache.spark.ml.param.ParamMap())
                .setSpecYaml("model: {loss: binary_crossentropy}\ntraining: {diagnostics: false}").fit(rows);
    }

    @Test
    void theTwoHeadsAreWhatTheyClaim() {
        assertTrue(sigmoid.head().singleSigmoid());
        assertEquals(2, softmax.head().nOut());
    }

    @Test
    void areaUnderRocIsTheSameOnRawPredictionAndOnProbability() {
        for (DenseNetClassificationModel m : List.of(softmax, sigmoid)) {
            Dataset<Row> out = m.transform(rows);
            BinaryClassificationEvaluator e = new BinaryClassificationEvaluator();
            double onRaw = e.setRawPredictionCol("rawPrediction").evaluate(out);
            double onProbability = e.setRawPredictionCol("probability").evaluate(out);
            assertTrue(onRaw > 0.75, "auc " + onRaw);
            assertEquals(onProbability, onRaw, 1e-12, m.head().toString());
        }
    }

    @Test
    void rawPredictionIsPreActivationAndSparksRaw2probabilityInvertsIt() {
        for (DenseNetClassificationModel m : List.of(softmax, sigmoid)) {
            for (Row r : m.transform(rows).select("rawPrediction", "probability").collectAsList()) {
                Vector raw = (Vector) r.get(0);
                Vector p = (Vector) r.get(1);
                assertEquals(0.0, raw.apply(0) + raw.apply(1), 1e-6, "centred / margins: " + raw);
                assertNotEquals(p, raw);
                Vector back = m.raw2probability(raw); // Spark's public entry: copy, then raw2probabilityInPlace
                assertEquals(p.apply(1), back.apply(1), 2e-6, raw + " -> " + back + " vs " + p);
                if (m == sigmoid) {
                    double z = raw.apply(1);
                    assertEquals(Math.log(p.apply(1) / p.apply(0)), z, 1e-3 * Math.max(1, Math.abs(z)), "log-odds");
                }
            }
        }
    }

    @Test
    void thresholdsChangePredictionsAsSparksRuleSays() {
        for (DenseNetClassificationModel m : List.of(softmax, sigmoid)) {
            List<Row> plain = m.transform(rows).select("prediction").collectAsList();
            DenseNetClassificationModel t = m.copy(new org.apache.spark.ml.param.ParamMap())
                    .setThresholds(new double[] {0.2, 0.8});
            List<Row> out = t.transform(rows).select("probability", "prediction", "features").collectAsList();
            int changed = 0;
            for (int i = 0; i < out.size(); i++) {
                Vector p = (Vector) out.get(i).get(0);
                double predicted = out.get(i).getDouble(1);
                assertEquals(t.probability2prediction(p), predicted, 0.0, "Spark's rule on " + p);
                changed += predicted != plain.get(i).getDouble(0) ? 1 : 0;
            }
            assertTrue(changed > 0, "a 0.8 threshold on class 1 moves some rows to class 0");
            Vector f = (Vector) out.get(0).get(2);
            assertEquals(out.get(0).getDouble(1), t.predict(f), 0.0, "single-row predict");
            assertArrayEquals(((Vector) out.get(0).get(0)).toArray(), t.predictProbability(f).toArray(), 1e-6);
        }
    }

    @Test
    void aZeroThresholdAlwaysPredictsItsClassAsInSpark() {
        DenseNetClassificationModel t = softmax.copy(new org.apache.spark.ml.param.ParamMap())
                .setThresholds(new double[] {0.5, 0.0});
        for (Row r : t.transform(rows).select("prediction").collectAsList()) {
            assertEquals(1.0, r.getDouble(0));
        }
        assertEquals(0.0, t.probability2prediction(Vectors.dense(1.0, 0.0)), 0.0, "0 / 0 is NaN: not chosen");
    }

    @Test
    void thresholdsOfTheWrongLengthStopBeforeAnyJob() {
        // Through a ParamMap: Spark's setThresholds refuses the wrong length itself, a copy does not.
        DenseNetClassificationModel t = softmax.copy(new org.apache.spark.ml.param.ParamMap()
                .put(softmax.thresholds(), new double[] {0.2, 0.3, 0.5}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.transformSchema(rows.schema()));
        assertEquals("requirement failed: DenseNetClassificationModel.transform() called with non-matching numClasses"
                + " and thresholds.length. numClasses=2, but thresholds has length 3", e.getMessage());
    }

    @Test
    void singleRowMethodsAgreeWithTransform() {
        for (DenseNetClassificationModel m : List.of(softmax, sigmoid)) {
            for (Row r : m.transform(rows).select("features", "rawPrediction", "probability", "prediction")
                    .limit(5).collectAsList()) {
                Vector f = (Vector) r.get(0);
                // One row goes through BLAS as a matrix-vector product, a chunk as matrix-matrix: the last
                // float bit may differ.
                assertArrayEquals(((Vector) r.get(1)).toArray(), m.predictRaw(f).toArray(), 1e-6);
                assertArrayEquals(((Vector) r.get(2)).toArray(), m.predictProbability(f).toArray(), 1e-6);
                assertEquals(r.getDouble(3), m.predict(f), 0.0);
            }
        }
    }
}
