package dev.sparkfit.data;

import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.model.Head;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;
import java.util.ArrayList;
import java.util.Comparator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

/** Packs preprocessed rows into one {@link Block} per partition. */
public final class Blocks {

    /**
     * How many blocks each packed RDD has built so far, counted on the executors: more builds than
     * partitions means Spark rebuilt lost blocks from the input ({@link BlockStorage}). Weak keys: an RDD
     * that is gone takes its count with it.
     */
    private static final Map<RDD<?>, LongAccumulator> BUILDS = Collections.synchronizedMap(new WeakHashMap<>());

    private Blocks() {
    }

    /** Blocks built so far by {@code blocks} (first builds and rebuilds), or -1 if it was not made by {@link #pack}. */
    static long builds(JavaRDD<Block> blocks) {
        LongAccumulator a = BUILDS.get(blocks.rdd());
        return a == null ? -1 : a.value();
    }

    /**
     * MEMORY_AND_DISK, deserialized: the float arrays are the compact form already (serializing them
     * would save nothing and cost a copy per read), and a block that does not fit in storage memory is
     * written to local disk and read back each epoch instead of being rebuilt from the input (read,
     * check, preprocess, shuffle, pack) every time it is needed. Local checkpoints keep this level.
     */
    public static final StorageLevel STORAGE_LEVEL = StorageLevel.MEMORY_AND_DISK();

    /**
     * @param rows       has the {@value Preprocessing#FEATURES} vector and, unless {@code labelColumn} is
     *                   null, the label (a double for regression, a class string for classification)
     * @param partitions target partition count, or 0 to keep the input's partitioning
     */
    public static JavaRDD<Block> pack(Dataset<Row> rows, String labelColumn, Head head, int nIn,
                                      int partitions) {
        // Sample weights (data.weight, cv's folds) ride in the feature vector as one more value, and only where
        // they are not 1: the round-robin repartition below first sorts rows by a hash of all their bytes
        // (spark.sql.execution.sortBeforeRepartition), so a weight column would deal a column of ones to the
        // workers otherwise than no weight column does; this way those rows are byte for byte the unweighted ones.
        boolean weighted = labelColumn != null && Arrays.asList(rows.columns()).contains(CheckedRows.WEIGHT);
        Dataset<Row> cols = labelColumn == null ? rows.select(Preprocessing.FEATURES)
                : weighted ? rows.select(WITH_WEIGHT.apply(col(Preprocessing.FEATURES), col(CheckedRows.WEIGHT))
                        .as(Preprocessing.FEATURES), col(labelColumn))
                : rows.select(Preprocessing.FEATURES, labelColumn);
        // repartition(n) is a round-robin shuffle, deterministic for a given input: each worker
        // gets rows/n rows, so no worker waits on a bigger share in an averaging round.
        Dataset<Row> parts = partitions > 0 ? cols.repartition(partitions) : cols;
        boolean withLabel = labelColumn != null;
        org.apache.spark.SparkContext sc = rows.sparkSession().sparkContext();
        LongAccumulator builds = sc.longAccumulator("sparkfit blocks built");
        JavaRDD<Block> blocks = parts.javaRDD().mapPartitionsWithIndex((idx, it) -> {
            builds.add(1);
            return List.of(pack(idx, it, withLabel, head, nIn, weighted)).iterator();
        }, true);
        return keep(blocks, builds, sc);
    }

    /** The features, with the weight appended when it is not 1 (see {@link #pack(Dataset, String, Head, int, int)}). */
    private static final UserDefinedFunction WITH_WEIGHT = udf(
            (UDF2<Vector, Double, Vector>) (v, w) -> w == 1.0 ? v : append(v, w), SQLDataTypes.VectorType());

    private static Vector append(Vector v, double w) {
        double[] values = Arrays.copyOf(v.toArray(), v.size() + 1);
        values[v.size()] = w;
        return new DenseVector(values);
    }

    private static JavaRDD<Block> keep(JavaRDD<Block> blocks, LongAccumulator builds, org.apache.spark.SparkContext sc) {
        // STORAGE_LEVEL: see there why deserialized memory, spilling to disk.
        blocks.persist(STORAGE_LEVEL);
        BUILDS.put(blocks.rdd(), builds);
        // Cutting the lineage once the blocks exist saves every averaging round's tasks from carrying
        // the DataFrame plan behind them: 12-30 ms per task on MNIST (measured).
        if (sc.isLocal()) {
            // One JVM: an executor cannot be lost without the driver, so nothing is given up.
            blocks.rdd().localCheckpoint();
        } else if (sc.getCheckpointDir().isDefined()) {
            // spark.checkpoint.dir on shared storage: a reliable checkpoint survives a lost executor.
            blocks.rdd().checkpoint();
        }
        // Otherwise, on a cluster, the lineage stays: a lost executor's blocks are rebuilt from the input.
        return blocks;
    }

    /**
     * Packs one side of the checked rows ({@link CheckedRows}) straight from the cached arrays, encoded in
     * Java by the fitted pipeline's numbers ({@link RowEncoder}): the rows, numbered in partition order,
     * are dealt round-robin to {@code workers} blocks (row g to block g mod workers), so each worker gets
     * rows/workers rows from all over the input. The deal is one shuffle of float arrays.
     */
    public static JavaRDD<Block> pack(CheckedRows.Part part, FittedPreprocessing prep, MissingPolicy missing, Head head,
                                      int workers) {
        long[] counts = part.counts(); // per chunk, in chunk order
        long[] offsets = new long[counts.length];
        for (int p = 1; p < counts.length; p++) {
            offsets[p] = offsets[p - 1] + counts[p - 1];
        }
        RowEncoder enc = RowEncoder.of(prep, part.rows().numeric, part.rows().categorical, missing);
        int k = workers > 0 ? workers : counts.length;
        JavaPairRDD<Integer, Block> slices = part.chunks().flatMapToPair(c -> deal(part, c,
                offsets[part.rows().ordinal(c)], enc, head, k).iterator());
        // Keys 0..k-1 under a HashPartitioner(k): key w is partition w.
        org.apache.spark.SparkContext sc = part.chunks().context();
        // An accumulator in a transformation counts every run of it, retries and rebuilds included:
        // exactly what tells a rebuilt block from one read back from memory or disk.
        LongAccumulator builds = sc.longAccumulator("sparkfit blocks built");
        JavaRDD<Block> blocks = slices.partitionBy(new HashPartitioner(k)).mapPartitionsWithIndex((idx, it) -> {
            builds.add(1);
            return List.of(join(idx, it, enc.width(), head.labelWidth())).iterator();
        }, true);
        return keep(blocks, builds, sc);
    }

    /** Chunk {@code c}'s rows on this side, encoded, as one slice per worker (the slice's partition: the chunk's ordinal). */
    private static List<Tuple2<Integer, Block>> deal(CheckedRows.Part part, RowChunk c, long first, RowEncoder enc,
                                                     Head head, int k) {
        boolean[] keep = part.keep(c);
        int[] rows = new int[k];
        long g = first;
        for (boolean kept : keep) {
            if (kept) {
                rows[(int) (g++ % k)]++;
            }
        }
        int nIn = enc.width();
        int width = head.labelWidth();
        float[][] x = new float[k][];
        float[][] y = new float[k][];
        float[][] sw = c.weights == null ? null : new float[k][]; // data.weight travels with its row
        for (int w = 0; w < k; w++) {
            x[w] = new float[rows[w] * nIn];
            y[w] = new float[rows[w] * width];
            if (sw != null) {
                sw[w] = new float[rows[w]];
            }
        }
        Map<String, Integer> index = classIndex(head);
        int[] n = new int[k];
        g = first;
        for (int i = 0; i < c.rows; i++) {
            if (!keep[i]) {
                continue;
            }
            int w = (int) (g++ % k);
            enc.encode(c, i, x[w], n[w] * nIn);
            if (c.classes != null) {
                writeClass(c.classes[i], head, index, y[w], n[w] * width);
            } else {
                y[w][n[w] * width] = (float) c.targets[i];
            }
            if (sw != null) {
                sw[w][n[w]] = (float) c.weights[i];
            }
            n[w]++;
        }
        List<Tuple2<Integer, Block>> out = new ArrayList<>();
        for (int w = 0; w < k; w++) {
            out.add(new Tuple2<>(w, new Block(part.rows().ordinal(c), rows[w], nIn, width, x[w], y[w],
                    sw == null ? null : sw[w])));
        }
        return out;
    }

    /** A worker's block: its slices in chunk order, end to end. */
    private static Block join(int worker, Iterator<Tuple2<Integer, Block>> it, int nIn, int width) {
        List<Block> slices = new ArrayList<>();
        it.forEachRemaining(t -> slices.add(t._2()));
        slices.sort(Comparator.comparingInt(Block::partition));
        int n = slices.stream().mapToInt(Block::rows).sum();
        float[] x = new float[n * nIn];
        float[] y = new float[n * width];
        float[] w = !slices.isEmpty() && slices.get(0).w() != null ? new float[n] : null;
        int at = 0;
        for (Block b : slices) {
            System.arraycopy(b.x(), 0, x, at * nIn, b.rows() * nIn);
            System.arraycopy(b.y(), 0, y, at * width, b.rows() * width);
            if (w != null) {
                System.arraycopy(b.w(), 0, w, at, b.rows());
            }
            at += b.rows();
        }
        return new Block(worker, n, nIn, width, x, y, w);
    }

    private static Map<String, Integer> classIndex(Head head) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < head.classes().size(); i++) {
            index.put(head.classes().get(i), i);
        }
        return index;
    }

    static Block pack(int partition, Iterator<Row> it, boolean withLabel, Head head, int nIn) {
        return pack(partition, it, withLabel, head, nIn, false);
    }

    /** {@code weighted}: a vector one value longer than {@code nIn} ends with its row's sample weight (else 1). */
    static Block pack(int partition, Iterator<Row> it, boolean withLabel, Head head, int nIn, boolean weighted) {
        int width = head.labelWidth();
        Map<String, Integer> index = classIndex(head);
        float[] x = new float[1024 * nIn];
        float[] y = new float[1024 * width];
        float[] w = weighted ? new float[1024] : null;
        int n = 0;
        while (it.hasNext()) {
            Row row = it.next();
            if ((n + 1) * nIn > x.length || (w != null && n == w.length)) {
                x = Arrays.copyOf(x, Math.max(x.length * 2, (n + 1) * nIn));
                y = Arrays.copyOf(y, Math.max(y.length * 2, (n + 1) * width));
                w = w == null ? null : Arrays.copyOf(w, w.length * 2);
            }
            Vector v = (Vector) row.get(0);
            if (w != null) { // a weight that is not 1 is the vector's extra last value
                boolean carries = v.size() == nIn + 1;
                w[n] = carries ? (float) v.apply(nIn) : 1f;
                v = carries ? new DenseVector(Arrays.copyOf(v.toArray(), nIn)) : v;
            }
            copyVector(v, x, n * nIn, nIn);
            if (withLabel) {
                writeLabel(row, head, index, y, n * width);
            }
            n++;
        }
        return new Block(partition, n, nIn, width, Arrays.copyOf(x, n * nIn), Arrays.copyOf(y, n * width),
                w == null ? null : Arrays.copyOf(w, n));
    }

    private static void copyVector(Vector v, float[] x, int offset, int nIn) {
        if (v.size() != nIn) {
            throw new IllegalStateException("feature vector has " + v.size() + " values, the network expects " + nIn);
        }
        if (v instanceof DenseVector d) {
            double[] values = d.values();
            for (int i = 0; i < nIn; i++) {
                x[offset + i] = (float) values[i];
            }
        } else {
            SparseVector s = (SparseVector) v;
            Arrays.fill(x, offset, offset + nIn, 0f);
            int[] idx = s.indices();
            double[] values = s.values();
            for (int i = 0; i < idx.length; i++) {
                x[offset + idx[i]] = (float) values[i];
            }
        }
    }

    private static void writeLabel(Row row, Head head, Map<String, Integer> index, float[] y, int offset) {
        if (!head.classification()) {
            y[offset] = (float) row.getDouble(1);
            return;
        }
        writeClass(row.getString(1), head, index, y, offset);
    }

    private static void writeClass(String label, Head head, Map<String, Integer> index, float[] y, int offset) {
        Integer k = index.get(label);
        if (k == null) {
            throw new IllegalStateException("label '" + label + "' is not a known class");
        }
        if (head.singleSigmoid()) {
            y[offset] = k;
        } else {
            Arrays.fill(y, offset, offset + head.nOut(), 0f);
            y[offset + k] = 1f;
        }
    }
}
