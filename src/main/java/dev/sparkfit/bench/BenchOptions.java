package dev.sparkfit.bench;

import dev.sparkfit.config.Engine;
import dev.sparkfit.config.SparkLine;

import java.io.Serializable;
import java.util.List;

/**
 * The benchmark workload: MNIST-format CSVs (label first, 784 pixels 0-255, scaled to [0,1]), a
 * relu network with a softmax output, Adam, categorical cross-entropy, a batch size per worker, a
 * Spark master and a seed.
 */
public record BenchOptions(String train, String test, int epochs, List<Integer> hidden, int batchSize,
                           double learningRate, String master, int workers, long seed, List<String> systems)
        implements Serializable {

    /** Every system, in the order they run. */
    public static final List<String> ALL = List.of("gemm", "sparkfit-epoch", "sparkfit-8", "sparkfit-dl4j-fit", "dl4j-paramavg",
            "dl4j-single", "dl4j-single-omp1", "mllib-mlp");

    private static final String DL4J_PARAMAVG = "dl4j-paramavg";

    /** The systems this Spark line can run, in order: all of them on Spark 3.5, all but DL4J's master on Spark 4. */
    public static List<String> available() {
        return ALL.stream().filter(s -> SparkLine.dl4jSparkAvailable() || !s.equals(DL4J_PARAMAVG)).toList();
    }

    public BenchOptions {
        hidden = List.copyOf(hidden);
        systems = List.copyOf(systems);
        for (String s : systems) {
            if (!ALL.contains(s)) {
                throw new IllegalArgumentException("--systems: '" + s + "' is not one of " + String.join(", ", ALL));
            }
            if (s.equals(DL4J_PARAMAVG) && !SparkLine.dl4jSparkAvailable()) {
                throw new IllegalArgumentException("--systems: " + SparkLine.unsupported(Engine.DL4J_PARAMAVG).orElseThrow());
            }
        }
    }

    /** Weights (no biases) of the network for {@code inputs} features and {@code classes} outputs. */
    public long weights(int inputs, int classes) {
        long w = 0;
        int in = inputs;
        for (int h : hidden) {
            w += (long) in * h;
            in = h;
        }
        return w + (long) in * classes;
    }
}
