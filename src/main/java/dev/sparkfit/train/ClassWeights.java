package dev.sparkfit.train;

import dev.sparkfit.config.ClassWeightSpec;
import dev.sparkfit.data.Block;
import dev.sparkfit.data.DataException;
import dev.sparkfit.model.Head;
import org.apache.spark.api.java.JavaRDD;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code training.class_weight} resolved for a head's classes: one weight per class index, or null when
 * every class weighs 1. {@code balanced} counts the training rows of each class with one aggregation over
 * the blocks (counts, not rows, reach the driver).
 */
public final class ClassWeights {

    private ClassWeights() {
    }

    /** The weights, or null for none; a class named in the spec but absent from the data is a DataException. */
    public static float[] resolve(ClassWeightSpec spec, Head head, JavaRDD<Block> train) {
        if (!spec.enabled()) {
            return null;
        }
        List<String> classes = head.classes();
        float[] w = new float[classes.size()];
        if (spec.balanced()) {
            long[] counts = counts(train, classes.size());
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            for (int i = 0; i < w.length; i++) { // scikit-learn: n_samples / (n_classes * count)
                w[i] = counts[i] == 0 ? 1f : (float) (n / ((double) classes.size() * counts[i]));
            }
            return w;
        }
        for (String k : spec.weights().keySet()) {
            if (!classes.contains(k)) {
                throw new DataException("training.class_weight: class '" + k + "' is not in the data (classes: "
                        + String.join(", ", classes) + ")");
            }
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = spec.weights().getOrDefault(classes.get(i), 1.0).floatValue();
        }
        return w;
    }

    /** Training rows per class index, summed over the blocks' labels (one-hot, or 0/1 for a single sigmoid). */
    static long[] counts(JavaRDD<Block> train, int k) {
        // treeAggregate, not collect: each partition sends k counts.
        return train.treeAggregate(new long[k], (acc, b) -> {
            int w = b.labelWidth();
            for (int r = 0; r < b.rows(); r++) {
                int c = 0;
                if (w == 1) {
                    c = Math.round(b.y()[r]);
                } else {
                    for (int j = 1; j < w; j++) {
                        c = b.y()[r * w + j] > b.y()[r * w + c] ? j : c;
                    }
                }
                acc[c]++;
            }
            return acc;
        }, (a, b) -> {
            long[] s = a.clone();
            for (int i = 0; i < s.length; i++) {
                s[i] += b[i];
            }
            return s;
        }, 2);
    }

    /** One console line: each class's weight. */
    public static String describe(float[] w, Head head, ClassWeightSpec spec) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            parts.add(head.classes().get(i) + " " + String.format(Locale.ROOT, "%.4g", w[i]));
        }
        return "class weights" + (spec.balanced() ? " (balanced)" : "") + ": " + String.join(", ", parts);
    }
}
