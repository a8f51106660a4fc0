package dev.sparkfit.eval;

import dev.sparkfit.data.DataException;
import dev.sparkfit.model.LocalNetworks;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The one forward pass over rows, run inside a partition: rows are read lazily a chunk of
 * {@link Scorer#CHUNK} at a time (a partition is never held in memory whole), their feature vectors
 * go through the network in one native call, and each row leaves with its outputs. {@code sparkfit
 * predict} and the models of {@code dev.sparkfit.ml} both score through it; {@link Scorer} scores
 * packed blocks with the same {@link Scorer#output}. Asked for raw scores, the same pass also gives
 * the output layer's pre-activation values ({@link #outputs}).
 */
public final class ForwardPass {

    /** Makes an output row from an input row and its network outputs {@code y[offset, offset + nOut)}. */
    @FunctionalInterface
    public interface RowOut extends java.io.Serializable {
        Row row(Row in, float[] y, int offset);
    }

    /** As {@link RowOut}, with the output layer's pre-activation values {@code z[offset, offset + nOut)} too. */
    @FunctionalInterface
    public interface RawRowOut extends java.io.Serializable {
        Row row(Row in, float[] y, float[] z, int offset);
    }

    /** A chunk's network outputs {@code y} and, when asked for, pre-activation values {@code z}, row-major. */
    public record Outputs(float[] y, float[] z) {
    }

    private ForwardPass() {
    }

    /**
     * @param vector  the index of the feature vector in each row
     * @param counted called with the size of each chunk scored (e.g. an accumulator's add), may be null
     */
    public static Iterator<Row> rows(Iterator<Row> it, int vector, int nIn, int nOut, String confJson, float[] params,
                                     RowOut out, java.util.function.LongConsumer counted) {
        return rows(it, vector, nIn, nOut, confJson, params, false, (r, y, z, o) -> out.row(r, y, o), counted);
    }

    /** As above, each row leaving with its outputs and its output layer's pre-activation values. */
    public static Iterator<Row> rowsWithRaw(Iterator<Row> it, int vector, int nIn, int nOut, String confJson,
                                            float[] params, RawRowOut out) {
        return rows(it, vector, nIn, nOut, confJson, params, true, out, null);
    }

    private static Iterator<Row> rows(Iterator<Row> it, int vector, int nIn, int nOut, String confJson,
                                      float[] params, boolean raw, RawRowOut out,
                                      java.util.function.LongConsumer counted) {
        MultiLayerNetwork net = LocalNetworks.get(confJson, params, null);
        float[] x = new float[Scorer.CHUNK * nIn];
        return new Iterator<>() {
            private final List<Row> chunk = new ArrayList<>(Scorer.CHUNK);
            private Outputs y;
            private int next;

            @Override
            public boolean hasNext() {
                if (next < chunk.size()) {
                    return true;
                }
                chunk.clear();
                next = 0;
                while (it.hasNext() && chunk.size() < Scorer.CHUNK) {
                    Row r = it.next();
                    copy(r.get(vector), x, chunk.size() * nIn, nIn);
                    chunk.add(r);
                }
                if (chunk.isEmpty()) {
                    return false;
                }
                float[] in = Arrays.copyOf(x, chunk.size() * nIn);
                y = raw ? outputs(net, in, chunk.size(), nIn)
                        : new Outputs(Scorer.output(net, in, chunk.size(), nIn), null);
                if (counted != null) {
                    counted.accept(chunk.size());
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int r = next++;
                return out.row(chunk.get(r), y.y(), y.z(), r * nOut);
            }
        };
    }

    /** The network outputs and pre-activation values for one feature vector (a Spark ML model's single-row predict). */
    public static Outputs one(Vector v, int nIn, String confJson, float[] params) {
        float[] x = new float[nIn];
        copy(v, x, 0, nIn);
        return outputs(LocalNetworks.get(confJson, params, null), x, 1, nIn);
    }

    /**
     * {@link Scorer#output}'s outputs for {@code n} rows of {@code x} and, from the same pass, the output
     * layer's pre-activation values {@code z = h W + b}, {@code h} being the last hidden layer's
     * activations: DL4J keeps {@code z} internal, so it is formed here from the layer's own parameters.
     * The outputs are the pass's last activations, bit for bit those of {@link Scorer#output}.
     */
    public static Outputs outputs(MultiLayerNetwork net, float[] x, int n, int nIn) {
        INDArray f = Nd4j.create(x, new long[] {n, nIn}, 'c');
        try {
            List<INDArray> acts = net.feedForward(f, false); // the input, then each layer's activations
            int last = net.getnLayers() - 1;
            INDArray h = acts.get(last);
            org.deeplearning4j.nn.api.Layer out = net.getLayer(last);
            INDArray z = h.mmul(out.getParam("W")).addiRowVector(out.getParam("b"));
            float[] y = acts.get(last + 1).ravel().toFloatVector(); // row-major rows x outputs
            float[] zs = z.ravel().toFloatVector();
            release(z);
            for (INDArray a : acts) {
                if (a != f) {
                    release(a);
                }
            }
            return new Outputs(y, zs);
        } finally {
            release(f);
        }
    }

    /** Frees native memory now; views (a single row's results can be) are freed with what they view. */
    private static void release(INDArray a) {
        if (a.closeable()) {
            a.close();
        }
    }

    private static void copy(Object cell, float[] x, int at, int nIn) {
        if (!(cell instanceof Vector v)) {
            throw new DataException("features: " + (cell == null ? "a null vector" : "a " + cell.getClass().getSimpleName())
                    + " where a vector of " + nIn + " numbers is needed");
        }
        if (v.size() != nIn) {
            throw new DataException("features: a vector of " + v.size() + " numbers; the network takes " + nIn);
        }
        double[] d = v.toArray();
        for (int i = 0; i < nIn; i++) {
            x[at + i] = (float) d[i];
        }
    }
}
