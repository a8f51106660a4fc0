package dev.sparkfit.eval;

import dev.sparkfit.data.DataException;
import dev.sparkfit.model.LocalNetworks;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

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
 * packed blocks with the same {@link Scorer#output}.
 */
public final class ForwardPass {

    /** Makes an output row from an input row and its network outputs {@code y[offset, offset + nOut)}. */
    @FunctionalInterface
    public interface RowOut extends java.io.Serializable {
        Row row(Row in, float[] y, int offset);
    }

    private ForwardPass() {
    }

    /**
     * @param vector  the index of the feature vector in each row
     * @param counted called with the size of each chunk scored (e.g. an accumulator's add), may be null
     */
    public static Iterator<Row> rows(Iterator<Row> it, int vector, int nIn, int nOut, String confJson, float[] params,
                                     RowOut out, java.util.function.LongConsumer counted) {
        MultiLayerNetwork net = LocalNetworks.get(confJson, params, null);
        float[] x = new float[Scorer.CHUNK * nIn];
        return new Iterator<>() {
            private final List<Row> chunk = new ArrayList<>(Scorer.CHUNK);
            private float[] y;
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
                y = Scorer.output(net, Arrays.copyOf(x, chunk.size() * nIn), chunk.size(), nIn);
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
                return out.row(chunk.get(r), y, r * nOut);
            }
        };
    }

    /** The network outputs for one feature vector (a Spark ML model's single-row predict). */
    public static float[] one(Vector v, int nIn, String confJson, float[] params) {
        float[] x = new float[nIn];
        copy(v, x, 0, nIn);
        return Scorer.output(LocalNetworks.get(confJson, params, null), x, 1, nIn);
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
