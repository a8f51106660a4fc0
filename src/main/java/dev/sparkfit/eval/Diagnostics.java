package dev.sparkfit.eval;

import dev.sparkfit.data.Block;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The health of a network's units and gradients on given rows, as a distributed job: per hidden
 * layer the fraction of dead units (output exactly 0 for every row looked at) and, for tanh and
 * sigmoid layers, of saturated units (output within 0.01 of the asymptotes for more than half the
 * rows); per layer the gradient norm of the loss on a few seeded minibatches. Each partition returns
 * counts ({@link DiagnosticSums}); nothing but the counts reaches the driver.
 */
public final class Diagnostics {

    /** An output beyond this (|tanh|, or sigmoid above it or below 1 - it) is saturated. */
    public static final double SATURATION = 0.99;
    /** A layer with more than this fraction of dead units gets a verdict. */
    public static final double DEAD_LIMIT = 0.5;
    /** A layer with more than this fraction of saturated units gets a verdict. */
    public static final double SATURATED_LIMIT = 0.5;
    /** First-layer gradient norm below this fraction of the last layer's: gradients vanish. */
    public static final double VANISHING_RATIO = 1e-3;

    /**
     * Which rows to look at.
     *
     * @param rowsPerPartition rows per partition for dead and saturated units, a fixed seeded sample
     *                         when a partition has more ({@link Integer#MAX_VALUE}: every row)
     * @param gradientBatches  seeded minibatches per partition for gradient norms (0: none, e.g. no labels)
     * @param batchSize        rows per such minibatch
     * @param seed             the same seed picks the same rows, so epochs are comparable
     */
    public record Sampling(int rowsPerPartition, int gradientBatches, int batchSize, long seed)
            implements Serializable {

        public Sampling {
            if (rowsPerPartition < 1 || gradientBatches < 0 || batchSize < 1) {
                throw new IllegalArgumentException("bad sampling " + rowsPerPartition + "/" + gradientBatches
                        + "/" + batchSize);
            }
        }
    }

    /**
     * One layer's findings; NaN where not measured (dead and saturated units of the output layer,
     * saturated units of activations without asymptotes, gradients without labels).
     *
     * @param number 1-based, as in the model summary
     */
    public record LayerHealth(int number, String activation, int units, boolean output, double deadFraction,
                              double saturatedFraction, double gradientNorm) {
    }

    /** A problem found; {@code condition} names it (e.g. "dead_l2"), {@code text} says it and what to try. */
    public record Verdict(String condition, String text) {
    }

    /** Everything found, per layer, with the rows and minibatches it is based on. */
    public record Result(long rows, long gradientBatches, List<LayerHealth> layers) {

        public Result {
            layers = List.copyOf(layers);
        }

        /** The first layer's gradient norm over the last (output) layer's; NaN without gradients. */
        public double gradientRatio() {
            if (gradientBatches == 0 || layers.size() < 2) {
                return Double.NaN;
            }
            return layers.get(0).gradientNorm() / layers.get(layers.size() - 1).gradientNorm();
        }

        public List<Verdict> verdicts() {
            return DiagnosticVerdicts.of(this);
        }
    }

    private Diagnostics() {
    }

    /** Looks at {@code blocks} with the network {@code confJson} carrying {@code params}. */
    public static Result compute(JavaSparkContext jsc, JavaRDD<Block> blocks, float[] params, String confJson,
                                 Sampling sampling) {
        MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(confJson);
        String[] activations = activations(conf);
        int[] units = units(conf);
        int[] hiddenUnits = java.util.Arrays.copyOf(units, units.length - 1);
        Broadcast<float[]> p = jsc.broadcast(params);
        DiagnosticSums sums;
        try {
            DiagnosticSums zero = DiagnosticSums.empty(hiddenUnits, units.length);
            DiagnosticsWorker worker = new DiagnosticsWorker(p, confJson, activations, hiddenUnits, sampling);
            // treeAggregate, not collect: the driver receives a few partial sums, never rows.
            sums = blocks.mapPartitions(worker).treeAggregate(zero, DiagnosticSums::merge, DiagnosticSums::merge, 2);
        } finally {
            p.destroy();
        }
        return result(sums, activations, units);
    }

    static Result result(DiagnosticSums s, String[] activations, int[] units) {
        List<LayerHealth> layers = new ArrayList<>();
        for (int i = 0; i < units.length; i++) {
            boolean output = i == units.length - 1;
            double dead = Double.NaN;
            double saturated = Double.NaN;
            if (!output && s.rows() > 0 && units[i] > 0) {
                long deadUnits = 0;
                long saturatedUnits = 0;
                for (int u = 0; u < units[i]; u++) {
                    deadUnits += s.nonzero()[i][u] == 0 ? 1 : 0;
                    saturatedUnits += s.saturated()[i][u] * 2 > s.rows() ? 1 : 0; // in more than half the rows
                }
                dead = deadUnits / (double) units[i];
                saturated = DiagnosticsWorker.kind(activations[i]) == DiagnosticsWorker.NONE ? Double.NaN
                        : saturatedUnits / (double) units[i];
            }
            double grad = s.batches() == 0 ? Double.NaN : s.gradNormSums()[i] / s.batches();
            layers.add(new LayerHealth(i + 1, activations[i], units[i], output, dead, saturated, grad));
        }
        return new Result(s.rows(), s.batches(), layers);
    }

    /** Each layer's activation name as the model summary prints it ("none" for layers without one). */
    static String[] activations(MultiLayerConfiguration conf) {
        String[] a = new String[conf.getConfs().size()];
        for (int i = 0; i < a.length; i++) {
            Layer l = conf.getConf(i).getLayer();
            a[i] = l instanceof BaseLayer b && b.getActivationFn() != null
                    ? b.getActivationFn().toString().toLowerCase(Locale.ROOT) : "none";
        }
        return a;
    }

    /** Each layer's output width (0 for layers that are not feed-forward; they are skipped). */
    static int[] units(MultiLayerConfiguration conf) {
        int[] u = new int[conf.getConfs().size()];
        for (int i = 0; i < u.length; i++) {
            Layer l = conf.getConf(i).getLayer();
            u[i] = l instanceof FeedForwardLayer f ? (int) f.getNOut() : 0;
        }
        return u;
    }
}
