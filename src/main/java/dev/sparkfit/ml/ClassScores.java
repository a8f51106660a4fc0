package dev.sparkfit.ml;

import dev.sparkfit.eval.Scorer;
import dev.sparkfit.model.Head;

/**
 * A classification row's three Spark ML columns from one forward pass. {@code probability}: the
 * network's outputs (a softmax's, or {@code [1 - p, p]} for one sigmoid unit). {@code rawPrediction}:
 * the output layer's pre-activation values, as Spark's MultilayerPerceptronClassificationModel gives
 * them: for a softmax the logits {@code z} shifted to mean 0 (softmax is blind to a shift; with two
 * classes this makes {@code raw[1] = (z1 - z0) / 2}, so BinaryClassificationEvaluator ranks rows by
 * either column alike), for one sigmoid unit the margins {@code [-z, z]} as LogisticRegressionModel
 * gives them ({@code z} the log-odds of class 1). {@code prediction}: with {@code thresholds}, Spark's
 * rule (the class of the largest {@code p / t}); without, the CLI's (the most probable class).
 */
final class ClassScores {

    private ClassScores() {
    }

    /** Class probabilities from outputs at {@code o}: the softmax outputs, or 1 - p and p for one sigmoid. */
    static double[] probabilities(float[] y, int o, Head head) {
        int k = head.classes().size();
        double[] p = new double[k];
        if (head.singleSigmoid()) {
            p[0] = 1 - y[o];
            p[1] = y[o];
        } else {
            for (int c = 0; c < k; c++) {
                p[c] = y[o + c];
            }
        }
        return p;
    }

    /** Raw scores from pre-activation values at {@code o}: centred logits, or {@code [-z, z]} for one sigmoid. */
    static double[] raw(float[] z, int o, Head head) {
        if (head.singleSigmoid()) {
            return new double[] {-z[o], z[o]};
        }
        int k = head.nOut();
        double mean = 0;
        for (int c = 0; c < k; c++) {
            mean += z[o + c];
        }
        mean /= k;
        double[] r = new double[k];
        for (int c = 0; c < k; c++) {
            r[c] = z[o + c] - mean;
        }
        return r;
    }

    /** Probabilities from raw scores (Spark's raw2probability): a softmax, or the sigmoid of the margin. */
    static double[] probabilitiesOfRaw(double[] raw, Head head) {
        double[] p = new double[raw.length];
        if (head.singleSigmoid()) {
            p[1] = 1 / (1 + Math.exp(-raw[1]));
            p[0] = 1 - p[1];
            return p;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double r : raw) {
            max = Math.max(max, r);
        }
        double sum = 0;
        for (int c = 0; c < raw.length; c++) {
            p[c] = Math.exp(raw[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < raw.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    /**
     * The predicted class: without thresholds the CLI's rule on the outputs at {@code o}
     * ({@link Scorer#predictedClass}); with them, ProbabilisticClassificationModel's
     * probability2prediction: the first class of the largest {@code p[i] / t[i]} (a class whose
     * threshold is 0 wins unless its probability is 0 too, which makes its ratio NaN).
     */
    static double predicted(double[] p, double[] thresholds, float[] y, int o, Head head) {
        if (thresholds == null) {
            return Scorer.predictedClass(y, o, head);
        }
        int best = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < p.length; i++) {
            double scaled = p[i] / thresholds[i];
            if (scaled > max) {
                max = scaled;
                best = i;
            }
        }
        return best;
    }
}
