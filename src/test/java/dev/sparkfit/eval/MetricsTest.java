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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each metric of {@link Metrics}, computed from {@link EvalSums} summed in two parts and merged (as two
 * partitions would be), against an independent computation on the same predictions: Spark ML's
 * evaluators (real Spark, local[2]) and, for top-k and MAPE, a plain loop.
 */
class MetricsTest {

    private static final StructType SCHEMA = new StructType()
            .add("label", DataTypes.DoubleType).add("score", DataTypes.DoubleType)
            .add("prediction", DataTypes.DoubleType);

    /** Sums of rows [0, n) added in two parts and merged. */
    private static EvalSums sums(float[] out, float[] y, int n, int w, Head head) {
        int half = n / 2;
        EvalSums a = Scorer.chunk(out, y, half, w, head);
        EvalSums b = Scorer.chunk(Arrays.copyOfRange(out, half * w, n * w), Arrays.copyOfRange(y, half * w, n * w),
                n - half, w, head);
        return a.merge(b);
    }

    @Test
    void binaryMetricsMatchSparksEvaluators() {
        for (boolean sigmoid : new boolean[] {false, true}) {
            Head head = sigmoid ? new Head(Task.CLASSIFICATION, 1, Activation.SIGMOID, LossName.BINARY_CROSSENTROPY,
                    List.of("no", "yes")) : new Head(Task.CLASSIFICATION, 2, Activation.SOFTMAX,
                    LossName.CATEGORICAL_CROSSENTROPY, List.of("no", "yes"));
            int n = 3000, w = head.nOut();
            Random rnd = new Random(7);
            float[] out = new float[n * w];
            float[] y = new float[n * w];
            List<Row> rows = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                int label = rnd.nextDouble() < 0.25 ? 1 : 0; // imbalanced: a quarter positive
                double p = 1 / (1 + Math.exp(-(rnd.nextGaussian() * 1.3 + (label == 1 ? 0.8 : -0.8))));
                if (sigmoid) {
                    out[r] = (float) p;
                    y[r] = label;
                } else {
                    out[r * 2] = (float) (1 - p);
                    out[r * 2 + 1] = (float) p;
                    y[r * 2 + label] = 1;
                }
                double score = sigmoid ? out[r] : out[r * 2 + 1];
                rows.add(RowFactory.create((double) label, score, (double) Scorer.predictedClass(out, r * w, head)));
            }
            EvalSums s = sums(out, y, n, w, head);
            Map<String, Double> m = Metrics.of(s, head, "val_", MetricNames.CLASSIFICATION, 1);
            Dataset<Row> df = TestSpark.get().createDataFrame(rows, SCHEMA);
            BinaryClassificationEvaluator bin = new BinaryClassificationEvaluator().setLabelCol("label")
                    .setRawPredictionCol("score");
            double roc = bin.setMetricName("areaUnderROC").evaluate(df);
            double pr = bin.setMetricName("areaUnderPR").evaluate(df);
            assertEquals(roc, m.get("val_auc"), 0.005, "auc, sigmoid " + sigmoid);
            double[][] curve = Metrics.rocCurve(s); // the report's ROC plot encloses the same area
            double area = 0;
            for (int i = 1; i < curve[0].length; i++) {
                area += (curve[0][i] - curve[0][i - 1]) * (curve[1][i] + curve[1][i - 1]) / 2;
            }
            assertEquals(m.get("val_auc"), area, 1e-12);
            assertEquals(pr, m.get("val_pr_auc"), 0.005, "pr_auc, sigmoid " + sigmoid);
            assertTrue(roc > 0.75 && roc < 0.95, "a separable but imperfect score: " + roc);
            MulticlassClassificationEvaluator mc = new MulticlassClassificationEvaluator().setLabelCol("label")
                    .setPredictionCol("prediction").setMetricLabel(1.0);
            assertEquals(mc.setMetricName("precisionByLabel").evaluate(df), m.get("val_precision"), 1e-12);
            assertEquals(mc.setMetricName("recallByLabel").evaluate(df), m.get("val_recall"), 1e-12);
            assertEquals(mc.setMetricName("fMeasureByLabel").evaluate(df), m.get("val_f1"), 1e-12);
            assertEquals(mc.setMetricName("accuracy").evaluate(df), m.get("val_accuracy"), 1e-12);
            assertEquals(m.get("val_accuracy"), m.get("val_top_k_accuracy"), 1e-12, "top-1 is accuracy");
        }
    }

    @Test
    void multiclassMetricsMatchSparkPerClassAndTopKALoop() {
        List<String> classes = List.of("a", "b", "c", "d");
        Head head = new Head(Task.CLASSIFICATION, 4, Activation.SOFTMAX, LossName.CATEGORICAL_CROSSENTROPY, classes);
        int n = 2000, w = 4;
        Random rnd = new Random(11);
        float[] out = new float[n * w];
        float[] y = new float[n * w];
        List<Row> rows = new ArrayList<>();
        int[] truths = new int[n];
        for (int r = 0; r < n; r++) {
            int label = rnd.nextInt(4);
            truths[r] = label;
            y[r * w + label] = 1;
            double[] z = new double[w];
            double total = 0;
            for (int c = 0; c < w; c++) {
                z[c] = Math.exp(rnd.nextGaussian() + (c == label ? 1.0 : 0));
                total += z[c];
            }
            for (int c = 0; c < w; c++) {
                out[r * w + c] = (float) (z[c] / total);
            }
            rows.add(RowFactory.create((double) label, 0.0, (double) Scorer.predictedClass(out, r * w, head)));
        }
        EvalSums s = sums(out, y, n, w, head);
        Map<String, Double> m = Metrics.of(s, head, "", List.of("accuracy", "precision", "recall", "f1",
                "top_k_accuracy"), 2);
        Map<String, Map<String, Double>> perClass = Metrics.perClass(s, head);
        Dataset<Row> df = TestSpark.get().createDataFrame(rows, SCHEMA);
        MulticlassClassificationEvaluator mc = new MulticlassClassificationEvaluator().setLabelCol("label")
                .setPredictionCol("prediction");
        double macroP = 0, macroR = 0, macroF = 0;
        for (int c = 0; c < 4; c++) {
            mc.setMetricLabel(c);
            double p = mc.setMetricName("precisionByLabel").evaluate(df);
            double rc = mc.setMetricName("recallByLabel").evaluate(df);
            double f = mc.setMetricName("fMeasureByLabel").evaluate(df);
            assertEquals(p, perClass.get(classes.get(c)).get("precision"), 1e-12);
            assertEquals(rc, perClass.get(classes.get(c)).get("recall"), 1e-12);
            assertEquals(f, perClass.get(classes.get(c)).get("f1"), 1e-12);
            macroP += p / 4;
            macroR += rc / 4;
            macroF += f / 4;
        }
        assertEquals(macroP, m.get("precision"), 1e-12);
        assertEquals(macroR, m.get("recall"), 1e-12);
        assertEquals(macroF, m.get("f1"), 1e-12);
        assertEquals(mc.setMetricName("accuracy").evaluate(df), m.get("accuracy"), 1e-12);
        int inTop2 = 0;
        for (int r = 0; r < n; r++) {
            float t = out[r * w + truths[r]];
            int above = 0;
            for (int c = 0; c < w; c++) {
                above += out[r * w + c] > t ? 1 : 0;
            }
            inTop2 += above < 2 ? 1 : 0;
        }
        assertEquals(inTop2 / (double) n, m.get("top_k_accuracy"), 1e-12);
        assertTrue(m.get("top_k_accuracy") > m.get("accuracy"));
    }

    @Test
    void regressionMetricsMatchSparksEvaluator() {
        Head head = new Head(Task.REGRESSION, 1, Activation.IDENTITY, LossName.MSE, List.of());
        int n = 2500;
        Random rnd = new Random(3);
        float[] out = new float[n];
        float[] y = new float[n];
        List<Row> rows = new ArrayList<>();
        double ape = 0;
        for (int r = 0; r < n; r++) {
            y[r] = (float) (10 + 4 * rnd.nextGaussian());
            out[r] = (float) (y[r] + 1.5 * rnd.nextGaussian() + 0.3);
            ape += 100 * Math.abs((double) out[r] - y[r]) / Math.abs(y[r]);
            rows.add(RowFactory.create((double) y[r], 0.0, (double) out[r]));
        }
        EvalSums s = sums(out, y, n, 1, head);
        Map<String, Double> m = Metrics.of(s, head, "val_", MetricNames.REGRESSION, 5);
        Dataset<Row> df = TestSpark.get().createDataFrame(rows, SCHEMA);
        RegressionEvaluator re = new RegressionEvaluator().setLabelCol("label").setPredictionCol("prediction");
        assertEquals(re.setMetricName("r2").evaluate(df), m.get("val_r2"), 1e-9);
        assertEquals(re.setMetricName("rmse").evaluate(df), m.get("val_rmse"), 1e-9);
        assertEquals(re.setMetricName("mse").evaluate(df), m.get("val_mse"), 1e-9);
        assertEquals(re.setMetricName("mae").evaluate(df), m.get("val_mae"), 1e-9);
        assertEquals(ape / n, m.get("val_mape"), 1e-9);
        assertEquals(m.get("val_mse"), m.get("val_loss"), 1e-9, "loss mse is the mse");
    }
}
