package dev.sparkfit.eval;

import dev.sparkfit.config.MetricNames;
import dev.sparkfit.config.Task;
import dev.sparkfit.model.Head;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras-named metrics from {@link EvalSums}: the loss and the metrics a run asked for. Precision, recall
 * and F1 are those of the positive class (the second) for two classes and the unweighted mean over the
 * classes (macro) for more; a class never predicted has precision 0. The AUCs are trapezoids over the
 * score histograms' bin edges: ROC from (0, 0), precision-recall from (0, the first threshold's precision)
 * as Spark's BinaryClassificationMetrics draws it.
 */
public final class Metrics {

    private Metrics() {
    }

    /** Loss and the task's default metrics (accuracy, or mae and mse). */
    public static Map<String, Double> of(EvalSums s, Head head, String prefix) {
        return of(s, head, prefix, MetricNames.defaults(head.task()), 5);
    }

    /**
     * @param prefix "" for training rows, "val_" for validation rows
     * @param names  metric names of {@link MetricNames} that fit the head's task, in the order reported
     * @param topK   the k of {@code top_k_accuracy}
     */
    public static Map<String, Double> of(EvalSums s, Head head, String prefix, List<String> names, int topK) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "loss", s.lossSum() / s.rows());
        WeightedSums counted = s.counted();
        for (String name : names) {
            m.put(prefix + name, value(counted, head, name, topK));
        }
        return m;
    }

    /** Every metric of the head's task, for {@code evaluate}. */
    public static List<String> all(Head head) {
        return head.task() == Task.CLASSIFICATION ? MetricNames.CLASSIFICATION : MetricNames.REGRESSION;
    }

    /** One metric's value. */
    public static double value(EvalSums s, Head head, String name, int topK) {
        return value(s.counted(), head, name, topK);
    }

    /**
     * One metric's value from weighted sums: every count and error is a sum of row weights, so each row
     * counts by its weight (a weighted metric, as Keras computes one with {@code sample_weight}).
     */
    public static double value(WeightedSums s, Head head, String name, int topK) {
        double n = s.weight();
        return switch (name) {
            case "accuracy" -> s.correct() / n;
            case "auc" -> rocAuc(s.positiveScores(), s.negativeScores());
            case "pr_auc" -> prAuc(s.positiveScores(), s.negativeScores());
            case "precision", "recall", "f1" -> classAveraged(s, head, name);
            case "top_k_accuracy" -> topK(s, topK) / n;
            case "mae" -> s.absoluteError() / n;
            case "mse" -> s.squaredError() / n;
            case "rmse" -> Math.sqrt(s.squaredError() / n);
            case "mape" -> s.percentError() / n;
            case "r2" -> 1.0 - s.squaredError() / (s.labelSquares() - s.labelSum() * s.labelSum() / n);
            default -> throw new IllegalArgumentException("unknown metric " + name);
        };
    }

    /** Per class: precision, recall and F1 of each class against the others, by class label. */
    public static Map<String, Map<String, Double>> perClass(EvalSums s, Head head) {
        return perClass(s.counted(), head);
    }

    /** As above, each row counted by its weight. */
    public static Map<String, Map<String, Double>> perClass(WeightedSums s, Head head) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        double[][] c = s.confusionMatrix();
        for (int i = 0; i < c.length; i++) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("precision", precision(c, i));
            m.put("recall", recall(c, i));
            m.put("f1", f1(c, i));
            out.put(head.classes().get(i), m);
        }
        return out;
    }

    private static double classAveraged(WeightedSums s, Head head, String name) {
        double[][] c = s.confusionMatrix();
        if (c.length == 2) {
            return of(name, c, 1);
        }
        double sum = 0;
        for (int i = 0; i < c.length; i++) {
            sum += of(name, c, i);
        }
        return sum / c.length;
    }

    private static double of(String name, double[][] c, int i) {
        return switch (name) {
            case "precision" -> precision(c, i);
            case "recall" -> recall(c, i);
            default -> f1(c, i);
        };
    }

    static double precision(double[][] c, int i) {
        double predicted = 0;
        for (double[] row : c) {
            predicted += row[i];
        }
        return predicted == 0 ? 0.0 : c[i][i] / predicted;
    }

    static double recall(double[][] c, int i) {
        double actual = 0;
        for (double v : c[i]) {
            actual += v;
        }
        return actual == 0 ? 0.0 : c[i][i] / actual;
    }

    static double f1(double[][] c, int i) {
        double p = precision(c, i), r = recall(c, i);
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    private static double topK(WeightedSums s, int k) {
        double hits = 0;
        for (int r = 0; r < Math.min(k, s.rankHits().length); r++) {
            hits += s.rankHits()[r];
        }
        return hits;
    }

    /** ROC AUC: thresholds at the bin edges from the top, trapezoids between the (FPR, TPR) points. */
    static double rocAuc(double[] pos, double[] neg) {
        double p = sum(pos), q = sum(neg);
        if (p == 0 || q == 0) {
            return Double.NaN;
        }
        double tp = 0, fp = 0, area = 0;
        for (int b = pos.length - 1; b >= 0; b--) {
            double tp2 = tp + pos[b], fp2 = fp + neg[b];
            area += (fp2 - fp) / q * (tp + tp2) / 2 / p;
            tp = tp2;
            fp = fp2;
        }
        return area;
    }

    /** Precision-recall AUC: (recall, precision) at each non-empty bin's lower edge from the top, trapezoids. */
    static double prAuc(double[] pos, double[] neg) {
        double p = sum(pos);
        if (p == 0) {
            return Double.NaN;
        }
        double tp = 0, fp = 0, area = 0, lastRecall = 0, lastPrecision = Double.NaN;
        for (int b = pos.length - 1; b >= 0; b--) {
            if (pos[b] + neg[b] == 0) {
                continue;
            }
            tp += pos[b];
            fp += neg[b];
            double recall = tp / p, precision = tp / (tp + fp);
            if (Double.isNaN(lastPrecision)) {
                lastPrecision = precision; // the curve starts at (0, the first threshold's precision)
            }
            area += (recall - lastRecall) * (precision + lastPrecision) / 2;
            lastRecall = recall;
            lastPrecision = precision;
        }
        return area;
    }

    /**
     * The ROC curve's points (false positive rate, true positive rate) at each bin edge from the top, from
     * (0, 0) to (1, 1); empty arrays without positive or negative rows.
     */
    public static double[][] rocCurve(EvalSums s) {
        return curve(s, true);
    }

    /** The precision-recall curve's points (recall, precision) at each non-empty bin's lower edge from the top. */
    public static double[][] prCurve(EvalSums s) {
        return curve(s, false);
    }

    private static double[][] curve(EvalSums s, boolean roc) {
        long[] pos = s.positiveScores(), neg = s.negativeScores();
        if (pos == null || sum(pos) == 0 || sum(neg) == 0) {
            return new double[][] {{}, {}};
        }
        double p = sum(pos), q = sum(neg), tp = 0, fp = 0;
        java.util.List<double[]> points = new java.util.ArrayList<>();
        if (roc) {
            points.add(new double[] {0, 0});
        }
        for (int b = pos.length - 1; b >= 0; b--) {
            if (pos[b] + neg[b] == 0) {
                continue;
            }
            tp += pos[b];
            fp += neg[b];
            points.add(roc ? new double[] {fp / q, tp / p} : new double[] {tp / p, tp / (tp + fp)});
        }
        double[][] out = new double[2][points.size()];
        for (int i = 0; i < points.size(); i++) {
            out[0][i] = points.get(i)[0];
            out[1][i] = points.get(i)[1];
        }
        return out;
    }

    private static double sum(long[] v) {
        double s = 0;
        for (long x : v) {
            s += x;
        }
        return s;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
