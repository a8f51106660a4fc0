package dev.sparkfit.train;

import dev.sparkfit.config.TrainingSpec;
import dev.sparkfit.data.Block;
import dev.sparkfit.eval.Diagnostics;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code training.diagnostics}: after each epoch, {@link Diagnostics} on the training blocks as history
 * columns, and a warning line the first time each problem (a layer's dead units, a layer's saturated
 * units, vanishing gradients) appears, not again in later epochs.
 */
final class EpochDiagnostics {

    /**
     * Rows per partition for dead and saturated units: a fixed seeded sample, the same rows every
     * epoch. Small data is looked at whole; on MNIST (30,000 rows per worker) the sample keeps the
     * cost to a few percent of an epoch (docs/BENCHMARKS.md).
     */
    static final int ROWS_PER_PARTITION = 4096;
    /** Minibatches per partition for gradient norms. */
    static final int GRADIENT_BATCHES = 2;

    private final JavaSparkContext jsc;
    private final TrainingSpec spec;
    private final String confJson;
    private final Consumer<String> console;
    private final Diagnostics.Sampling sampling;
    private final Set<String> warned = new HashSet<>();
    private final List<String> pending = new ArrayList<>();

    EpochDiagnostics(JavaSparkContext jsc, TrainingSpec spec, String confJson, Consumer<String> console) {
        this.jsc = jsc;
        this.spec = spec;
        this.confJson = confJson;
        this.console = console;
        this.sampling = new Diagnostics.Sampling(ROWS_PER_PARTITION, GRADIENT_BATCHES, spec.batchSize(),
                Seeds.derive(spec.seed(), "diagnostics"));
    }

    /** The diagnostics of {@code params} on {@code train} as history columns; empty when they are off. */
    Map<String, Double> after(int epoch, JavaRDD<Block> train, float[] params) {
        if (!spec.diagnostics()) {
            return Map.of();
        }
        jsc.setJobDescription("sparkfit epoch " + epoch + "/" + spec.epochs() + ", diagnostics");
        Diagnostics.Result r = Diagnostics.compute(jsc, train, params, confJson, sampling);
        for (Diagnostics.Verdict v : r.verdicts()) {
            if (warned.add(v.condition())) {
                pending.add("warning: epoch " + epoch + ": " + v.text());
            }
        }
        return columns(r);
    }

    /** Prints the warnings of the last {@link #after}, so that they follow the epoch's progress line. */
    void printWarnings() {
        pending.forEach(console);
        pending.clear();
    }

    static Map<String, Double> columns(Diagnostics.Result r) {
        Map<String, Double> c = new LinkedHashMap<>();
        for (Diagnostics.LayerHealth l : r.layers()) {
            if (!l.output()) {
                c.put(EpochStats.DEAD_FRACTION + l.number(), l.deadFraction());
            }
        }
        for (Diagnostics.LayerHealth l : r.layers()) {
            if (!Double.isNaN(l.saturatedFraction())) {
                c.put(EpochStats.SATURATED_FRACTION + l.number(), l.saturatedFraction());
            }
        }
        if (r.gradientBatches() > 0) {
            for (Diagnostics.LayerHealth l : r.layers()) {
                c.put(EpochStats.GRADIENT_NORM + l.number(), l.gradientNorm());
            }
        }
        return c;
    }
}
