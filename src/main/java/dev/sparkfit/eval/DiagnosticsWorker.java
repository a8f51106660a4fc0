package dev.sparkfit.eval;

import dev.sparkfit.data.Block;
import dev.sparkfit.model.LocalNetworks;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The executor side of {@link Diagnostics}, run by {@code mapPartitions} on each block: a forward
 * pass over the sampled rows counting, per hidden unit, rows with a nonzero and rows with a saturated
 * output, then DL4J's gradient of the loss on a few seeded minibatches, one norm per layer.
 */
final class DiagnosticsWorker implements FlatMapFunction<Iterator<Block>, DiagnosticSums> {

    static final int NONE = 0;
    static final int TANH = 1;
    static final int SIGMOID = 2;

    private final Broadcast<float[]> params;
    private final String confJson;
    private final String[] activations;
    private final int[] hiddenUnits;
    private final Diagnostics.Sampling sampling;

    DiagnosticsWorker(Broadcast<float[]> params, String confJson, String[] activations, int[] hiddenUnits,
                      Diagnostics.Sampling sampling) {
        this.params = params;
        this.confJson = confJson;
        this.activations = activations;
        this.hiddenUnits = hiddenUnits;
        this.sampling = sampling;
    }

    /** How an activation saturates: NONE, TANH (towards -1 and 1) or SIGMOID (towards 0 and 1). */
    static int kind(String activation) {
        return switch (activation) {
            case "tanh" -> TANH;
            case "sigmoid" -> SIGMOID;
            default -> NONE;
        };
    }

    @Override
    public Iterator<DiagnosticSums> call(Iterator<Block> blocks) {
        DiagnosticSums total = DiagnosticSums.empty(hiddenUnits, activations.length);
        while (blocks.hasNext()) {
            Block b = blocks.next();
            if (b.rows() > 0) {
                total = total.merge(look(b));
            }
        }
        return List.of(total).iterator();
    }

    private DiagnosticSums look(Block b) {
        MultiLayerNetwork net = LocalNetworks.get(confJson, params.value(), null);
        int sampled = Math.min(b.rows(), sampling.rowsPerPartition());
        int batches = Math.min(sampling.gradientBatches(), (b.rows() + sampling.batchSize() - 1) / sampling.batchSize());
        int gradientRows = Math.min(b.rows(), batches * sampling.batchSize());
        // One seeded order serves both samples; the same seed picks the same rows every epoch.
        int[] order = prefix(b.rows(), Math.max(sampled < b.rows() ? sampled : 0, gradientRows),
                mix(sampling.seed() ^ mix(b.partition())));
        DiagnosticSums sums = DiagnosticSums.empty(hiddenUnits, activations.length);
        long[][] nonzero = sums.nonzero();
        long[][] saturated = sums.saturated();
        for (int start = 0; start < sampled; start += Scorer.CHUNK) {
            int n = Math.min(Scorer.CHUNK, sampled - start);
            float[] x = sampled == b.rows() ? Arrays.copyOfRange(b.x(), start * b.nIn(), (start + n) * b.nIn())
                    : gather(b, order, start, n);
            count(net, x, n, b.nIn(), nonzero, saturated);
        }
        double[] gradNorms = new double[activations.length];
        for (int k = 0; k < batches; k++) {
            int start = k * sampling.batchSize();
            int n = Math.min(sampling.batchSize(), gradientRows - start);
            float[] x = new float[n * b.nIn()];
            float[] y = new float[n * b.labelWidth()];
            b.gather(order, start, start + n, x, y);
            addGradientNorms(net, x, y, n, b.nIn(), b.labelWidth(), gradNorms);
        }
        return new DiagnosticSums(sampled, nonzero, saturated, gradNorms, batches);
    }

    /** Forward pass over {@code n} rows; counts nonzero and saturated outputs per hidden unit. */
    private void count(MultiLayerNetwork net, float[] x, int n, int nIn, long[][] nonzero, long[][] saturated) {
        INDArray f = Nd4j.create(x, new long[] {n, nIn}, 'c');
        List<INDArray> acts = net.feedForward(f, false); // [input, layer 1, ..., output]
        try {
            for (int i = 0; i < hiddenUnits.length; i++) {
                INDArray a = acts.get(i + 1);
                int units = hiddenUnits[i];
                if (units == 0 || a.rank() != 2 || a.columns() != units) {
                    continue; // not a dense layer's output: nothing to count
                }
                float[] v = a.ravel().toFloatVector(); // row-major rows x units
                int kind = kind(activations[i]);
                for (int r = 0; r < n; r++) {
                    int o = r * units;
                    for (int u = 0; u < units; u++) {
                        float y = v[o + u];
                        if (y != 0f) {
                            nonzero[i][u]++;
                        }
                        if (kind == TANH ? Math.abs(y) > Diagnostics.SATURATION
                                : kind == SIGMOID && (y > Diagnostics.SATURATION || y < 1 - Diagnostics.SATURATION)) {
                            saturated[i][u]++;
                        }
                    }
                }
            }
        } finally {
            net.clear();
            for (INDArray a : acts) {
                if (a != f && a.closeable()) {
                    a.close(); // off-heap buffers released now, not whenever the GC gets to them
                }
            }
            f.close();
        }
    }

    /**
     * Adds, per layer, the L2 norm of the gradient of the minibatch's mean loss with respect to the
     * layer's parameters (weights and biases together). DL4J's gradient is summed over the rows (its
     * updater divides by the minibatch size), so it is divided by {@code n} here.
     */
    private static void addGradientNorms(MultiLayerNetwork net, float[] x, float[] y, int n, int nIn, int width,
                                         double[] norms) {
        INDArray f = Nd4j.create(x, new long[] {n, nIn}, 'c');
        INDArray l = Nd4j.create(y, new long[] {n, width}, 'c');
        try {
            Pair<Gradient, INDArray> g = net.calculateGradients(f, l, null, null);
            double[] squares = new double[norms.length];
            for (Map.Entry<String, INDArray> e : g.getFirst().gradientForVariable().entrySet()) {
                int layer = Integer.parseInt(e.getKey().substring(0, e.getKey().indexOf('_'))); // "2_W" -> 2
                double norm = e.getValue().norm2Number().doubleValue();
                squares[layer] += norm * norm;
            }
            for (int i = 0; i < norms.length; i++) {
                norms[i] += Math.sqrt(squares[i]) / n;
            }
        } finally {
            net.clear();
            f.close();
            l.close();
        }
    }

    private static float[] gather(Block b, int[] order, int start, int n) {
        float[] x = new float[n * b.nIn()];
        for (int i = 0; i < n; i++) {
            System.arraycopy(b.x(), order[start + i] * b.nIn(), x, i * b.nIn(), b.nIn());
        }
        return x;
    }

    /** The first {@code k} entries of a seeded random permutation of 0..n-1 (a partial Fisher-Yates). */
    static int[] prefix(int n, int k, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        for (int i = 0; i < k && i < n - 1; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return Arrays.copyOf(order, k);
    }

    /** SplitMix64's finaliser, as {@code train.Seeds} derives seeds (eval does not depend on train). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
