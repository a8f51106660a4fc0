package dev.sparkfit.eval;

import dev.sparkfit.config.Activation;
import dev.sparkfit.config.LossName;
import dev.sparkfit.config.MetricNames;
import dev.sparkfit.config.Task;
import dev.sparkfit.model.Head;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code model.weighted_metrics}: each weighted metric, from weighted sums added in two parts and merged,
 * against Spark ML's evaluators with {@code weightCol} on the same predictions and weights (AUC within
 * 0.005, the others 1e-9) and, for top-k and MAPE, a plain weighted loop; Keras 2's naming; weights of 1
 * give the unweighted values exactly.
 */
class WeightedMetricsTest {

    private static final StructType SCHEMA = new StructType()
            .add("label", DataTypes.DoubleType).add("score", DataTypes.DoubleType)
            .add("prediction", DataTypes.DoubleType).add("weight", DataTypes.DoubleType);

    /** Weighted (and plain) sums of rows [0, n) with row weights {@code rw}, added in two parts and merged. */
    static EvalSums sums(float[] out, float[] y, float[] rw, int n, int w, Head head) {
        int half = n / 2;
        EvalSums a = Scorer.accumulate(EvalSums.empty(head, true), out, y, half, w, head, rw);
        EvalSums b = Scorer.accumulate(EvalSums.empty(head, true), Arrays.copyOfRange(out, half * w, n * w),
                Arrays.copyOfRange(y, half * w, n * w), n - half, w, head, Arrays.copyOfRange(rw, half, n));
        return a.merge(b);
    }

    /** Weights in [0, 3), one row in ten weighing 0. */
    static float[] weights(int n, Random rnd) {
        float[] rw = new float[n];
        for (int r = 0; r < n; r++) {
            rw[r] = r % 10 == 3 ? 0f : (float) (3 * rnd.nextDouble());
        }
        return rw;
    }

    @Test
    void binaryWeightedMetricsMatchSparksEvaluatorsWithWeightCol() {
        for (boolean sigmoid : new boolean[] {false, true}) {
            Head head = sigmoid ? new Head(Task.CLASSIFICATION, 1, Activation.SIGMOID, LossName.BINARY_CROSSENTROPY,
                    List.of("no", "yes")) : new Head(Task.CLASSIFICATION, 2, Activation.SOFTMAX,
                    LossName.CATEGORICAL_CROSSENTROPY, List.of("no", "yes"));
            int n = 3000, w = head.nOut();
            Random rnd = new Random(17);
            float[] out = new float[n * w];
            float[] y = new float[n * w];
            float[] rw = weights(n, rnd);
            List<Row> rows = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                int label = rnd.nextDouble() < 0.25 ? 1 : 0;
                double p = 1 / (1 + Math.exp(-(rnd.nextGaussian() * 1.3 + (label == 1 ? 0.8 : -0.8))));
                if (label == 1 && p > 0.5) {
                    rw[r] *= 2; // positives the model finds weigh more: weighted and plain values differ
                }
                if (sigmoid) {
                    out[r] = (float) p;
                    y[r] = label;
                } else {
                    out[r * 2] = (float) (1 - p);
                    out[r * 2 + 1] = (float) p;
                    y[r * 2 + label] = 1;
                }
                double score = sigmoid ? out[r] : out[r * 2 + 1];
                rows.add(RowFactory.create((double) label, score, (double) Scorer.predictedClass(out, r * w, head),
                        (double) rw[r]));
            }
            MetricSet set = new MetricSet(List.of("accuracy", "auc"), 1, MetricNames.CLASSIFICATION);
            Map<String, Double> m = set.of(sums(out, y, rw, n, w, head), head, "val_");
            Dataset<Row> df = TestSpark.get().createDataFrame(rows, SCHEMA);
            BinaryClassificationEvaluator bin = new BinaryClassificationEvaluator().setLabelCol("label")
                    .setRawPredictionCol("score").setWeightCol("weight");
            double roc = bin.setMetricName("areaUnderROC").evaluate(df);
            assertEquals(roc, m.get("val_weighted_auc"), 0.005, "weighted auc, sigmoid " + sigmoid);
            assertEquals(bin.setMetricName("areaUnderPR").evaluate(df), m.get("val_pr_auc"), 0.005, "pr_auc " + sigmoid);
            assertNotEquals(m.get("val_auc"), m.get("val_weighted_auc"), "the weights move the auc");
            MulticlassClassificationEvaluator mc = new MulticlassClassificationEvaluator().setLabelCol("label")
                    .setPredictionCol("prediction").setWeightCol("weight").setMetricLabel(1.0);
            assertEquals(mc.setMetricName("precisionByLabel").evaluate(df), m.get("val_precision"), 1e-9);
            assertEquals(mc.setMetricName("recallByLabel").evaluate(df), m.get("val_recall"), 1e-9);
            assertEquals(mc.setMetricName("fMeasureByLabel").evaluate(df), m.get("val_f1"), 1e-9);
            double acc = mc.setMetricName("accuracy").evaluate(df);
            assertEquals(acc, m.get("val_weighted_accuracy"), 1e-9);
            assertEquals(acc, m.get("val_top_k_accuracy"), 1e-9, "top-1 is accuracy");
            assertNotEquals(m.get("val_accuracy"), m.get("val_weighted_accuracy"));
        }
    }

    @Test
    void multiclassWeightedMetricsMatchSparkAndAWeightedLoop() {
        List<String> classes = List.of("a", "b", "c", "d");
        Head head = new Head(Task.CLASSIFICATION, 4, Activation.SOFTMAX, LossName.CATEGORICAL_CROSSENTROPY, classes);
        int n = 2000, w = 4;
        Random rnd = new Random(23);
        float[] out = new float[n * w];
        float[] y = new float[n * w];
        float[] rw = weights(n, rnd);
        List<Row> rows = new ArrayList<>();
        List<Row> cells = new ArrayList<>(); // every (row, class) cell, as the multiclass AUC flattens them
        double inTop2 = 0, total = 0;
        for (int r = 0; r < n; r++) {
            int label = rnd.nextInt(4);
            y[r * w + label] = 1;
            double[] z = new double[w];
            double sum = 0;
            for (int c = 0; c < w; c++) {
                z[c] = Math.exp(rnd.nextGaussian() + (c == label ? 1.0 : 0));
                sum += z[c];
            }
            int above = 0;
            for (int c = 0; c < w; c++) {
                out[r * w + c] = (float) (z[c] / sum);
            }
            for (int c = 0; c < w; c++) {
                above += out[r * w + c] > out[r * w + label] ? 1 : 0;
                cells.add(RowFactory.create(c == label ? 1.0 : 0.0, (double) out[r * w + c], 0.0, (double) rw[r]));
            }
            inTop2 += above < 2 ? rw[r] : 0;
            total += rw[r];
            rows.add(RowFactory.create((double) label, 0.0, (double) Scorer.predictedClass(out, r * w, head),
                    (double) rw[r]));
        }
        EvalSums s = sums(out, y, rw, n, w, head);
        Map<String, Double> m = new MetricSet(List.of(), 2, List.of("accuracy", "precision", "recall", "f1",
                "top_k_accuracy", "auc")).of(s, head, "");
        Map<String, Map<String, Double>> perClass = Metrics.perClass(s.weighted(), head);
        Dataset<Row> df = TestSpark.get().createDataFrame(rows, SCHEMA);
        MulticlassClassificationEvaluator mc = new MulticlassClassificationEvaluator().setLabelCol("label")
                .setPredictionCol("prediction").setWeightCol("weight");
        double macroP = 0, macroR = 0, macroF = 0;
        for (int c = 0; c < 4; c++) {
            mc.setMetricLabel(c);
            double p = mc.setMetricName("precisionByLabel").evaluate(df);
            double rc = mc.setMetricName("recallByLabel").evaluate(df);
            assertEquals(p, perClass.get(classes.get(c)).get("precision"), 1e-9);
            assertEquals(rc, perClass.get(classes.get(c)).get("recall"), 1e-9);
            macroP += p / 4;
            macroR += rc / 4;
            macroF += mc.setMetricName("fMeasureByLabel").evaluate(df) / 4;
        }
        assertEquals(macroP, m.get("precision"), 1e-9, "no unweighted precision: the weighted one keeps the name");
        assertEquals(macroR, m.get("recall"), 1e-9);
        assertEquals(macroF, m.get("f1"), 1e-9);
        assertEquals(mc.setMetricName("accuracy").evaluate(df), m.get("accuracy"), 1e-9);
        assertEquals(inTop2 / total, m.get("top_k_accuracy"), 1e-9);
        double flatAuc = new BinaryClassificationEvaluator().setLabelCol("label").setRawPredictionCol("score")
                .setWeightCol("weight").evaluate(TestSpark.get().createDataFrame(cells, SCHEMA));
        assertEquals(flatAuc, m.get("auc"), 0.005);
    }

    @Test
    void regressionWeightedMetricsMatchSparksEvaluatorWithWeightCol() {
        Head head = new Head(Task.REGRESSION, 1, Activation.IDENTITY, LossName.MSE, List.of());
        int n = 2500;
        Random rnd = new Random(5);
        float[] out = new float[n];
        float[] y = new float[n];
        float[] rw = weights(n, rnd);
        List<Row> rows = new ArrayList<>();
        double ape = 0, total = 0;
        for (int r = 0; r < n; r++) {
            y[r] = (float) (10 + 4 * rnd.nextGaussian());
            out[r] = (float) (y[r] + 1.5 * rnd.nextGaussian() + (y[r] > 12 ? 1.0 : 0.0));
            rw[r] = y[r] > 12 ? rw[r] * 3 : rw[r];
            ape += (double) rw[r] * 100 * Math.abs((double) out[r] - y[r]) / Math.abs(y[r]);
            total += rw[r];
            rows.add(RowFactory.create((double) y[r], 0.0, (double) out[r], (double) rw[r]));
        }
        Map<String, Double> m = new MetricSet(List.of("mae", "mse"), 5, MetricNames.REGRESSION)
                .of(sums(out, y, rw, n, 1, head), head, "val_");
        Dataset<Row> df = TestSpark.get().createDataFrame(rows, SCHEMA);
        RegressionEvaluator re = new RegressionEvaluator().setLabelCol("label").setPredictionCol("prediction")
                .setWeightCol("weight");
        // R²: 1 - SSE / the weighted total sum of squares around the weighted mean, as Keras' R2Score takes
        // sample_weight. Spark's weighted r2 scales that sum by (W - 1) / (W - sum w^2 / W) (its summarizer's
        // unbiased variance), so it is checked by a loop here and Spark holds the unit-weight case (MetricsTest).
        double wy = 0, sse = 0, sst = 0;
        for (int r = 0; r < n; r++) {
            wy += rw[r] * (double) y[r] / total;
        }
        for (int r = 0; r < n; r++) {
            sse += rw[r] * ((double) out[r] - y[r]) * ((double) out[r] - y[r]);
            sst += rw[r] * ((double) y[r] - wy) * ((double) y[r] - wy);
        }
        assertEquals(1 - sse / sst, m.get("val_r2"), 1e-9);
        assertEquals(re.setMetricName("r2").evaluate(df), m.get("val_r2"), 1e-3, "Spark's, up to its variance's scale");
        assertEquals(re.setMetricName("rmse").evaluate(df), m.get("val_rmse"), 1e-9);
        assertEquals(re.setMetricName("mse").evaluate(df), m.get("val_weighted_mse"), 1e-9);
        assertEquals(re.setMetricName("mae").evaluate(df), m.get("val_weighted_mae"), 1e-9);
        assertEquals(ape / total, m.get("val_mape"), 1e-9);
        assertTrue(m.get("val_weighted_mae") > m.get("val_mae") * 1.05, "heavier rows err more: " + m);
        assertEquals(List.of("val_loss", "val_mae", "val_mse", "val_weighted_mae", "val_weighted_mse", "val_rmse",
                "val_r2", "val_mape"), List.copyOf(m.keySet()), "Keras 2's names, in order");
    }

    @Test
    void weightsOfOneGiveTheUnweightedValuesExactly() {
        Head head = new Head(Task.CLASSIFICATION, 3, Activation.SOFTMAX, LossName.CATEGORICAL_CROSSENTROPY,
                List.of("a", "b", "c"));
        int n = 1500, w = 3;
        Random rnd = new Random(2);
        float[] out = new float[n * w];
        float[] y = new float[n * w];
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        for (int r = 0; r < n; r++) {
            y[r * w + rnd.nextInt(3)] = 1;
            float a = rnd.nextFloat(), b = rnd.nextFloat() * (1 - a);
            out[r * w] = a;
            out[r * w + 1] = b;
            out[r * w + 2] = 1 - a - b;
        }
        EvalSums s = sums(out, y, ones, n, w, head);
        Map<String, Double> m = new MetricSet(MetricNames.CLASSIFICATION, 2, MetricNames.CLASSIFICATION)
                .of(s, head, "");
        for (String name : MetricNames.CLASSIFICATION) {
            assertEquals(m.get(name), m.get("weighted_" + name), 0.0, name);
        }
        EvalSums none = Scorer.accumulate(EvalSums.empty(head, true), out, y, n, w, head, null);
        assertEquals(s.weighted().weight(), none.weighted().weight(), 0.0, "null row weights are weights of 1");
        assertEquals(Metrics.value(s.weighted(), head, "auc", 2), Metrics.value(none.weighted(), head, "auc", 2), 0.0);
    }

    @Test
    void weightedSumsSurviveACheckpointsJsonAndOldSumsReadWithout() throws Exception {
        Head head = new Head(Task.CLASSIFICATION, 2, Activation.SOFTMAX, LossName.CATEGORICAL_CROSSENTROPY,
                List.of("no", "yes"));
        float[] out = {0.2f, 0.8f, 0.7f, 0.3f, 0.4f, 0.6f};
        float[] y = {0, 1, 0, 1, 1, 0};
        EvalSums s = Scorer.accumulate(EvalSums.empty(head, true), out, y, 3, 2, head, new float[] {2f, 0.5f, 1f});
        com.fasterxml.jackson.databind.ObjectMapper json = dev.sparkfit.io.Json.MAPPER;
        EvalSums back = json.treeToValue(json.valueToTree(s), EvalSums.class); // as Checkpoints writes and reads
        assertEquals(3.5, back.weighted().weight(), 0.0);
        assertTrue(Arrays.equals(s.weighted().confusion(), back.weighted().confusion()));
        assertEquals(Metrics.value(s.weighted(), head, "auc", 1), Metrics.value(back.weighted(), head, "auc", 1), 0.0);
        com.fasterxml.jackson.databind.node.ObjectNode old = json.valueToTree(EvalSums.empty(head));
        old.remove("weighted"); // a checkpoint from before weighted metrics
        EvalSums read = json.treeToValue(old, EvalSums.class);
        assertTrue(read.weighted() == null, "no weighted sums: the epoch is scored in a pass instead");
        assertTrue(Double.isNaN(new MetricSet(List.of(), 1, List.of("accuracy")).of(read, head, "")
                .get("accuracy")), "never a made-up value");
    }
}
