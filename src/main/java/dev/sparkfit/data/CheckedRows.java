package dev.sparkfit.data;

import dev.sparkfit.config.Task;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.random.XORShiftRandom;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checked training rows, cached on the executors as {@link RowChunk}s of typed arrays (one per input
 * partition, or several of bounded size for a large one), built by a single pass over Spark's typed rows ({@link IngestPass}). Row counts, the first
 * bad row and the distinct categorical and label values come back with that pass; the validation split,
 * the preprocessing statistics and the packed blocks then read the cached arrays, not the input again.
 * {@link #toDataFrame} gives the same rows as a DataFrame for the jobs that work on one (cv's folds).
 */
public final class CheckedRows implements Serializable {

    private static final long serialVersionUID = 1L;
    /** The sample-weight column ({@code data.weight}) of {@link #toDataFrame(SparkSession, boolean)}. */
    public static final String WEIGHT = "__sparkfit_weight";
    /** Sort key of the label in {@link #order}. */
    private static final int LABEL_KEY = Integer.MIN_VALUE;

    private final transient JavaRDD<RowChunk> chunks;
    private final transient List<RowChunk.Summary> summaries;
    final List<String> numeric, categorical;
    final String label;
    final Task task;
    /** The used columns in input order, as sort keys: numeric index, -1 - categorical index, or {@link #LABEL_KEY}. */
    private final int[] order;
    private final List<String> columns;
    /** Per input partition, the ordinal of its first chunk among all chunks (chunks in partition order). */
    private final int[] firstOrdinal;
    /** Distinct values kept per categorical column and for the label: more means "too many" (null). */
    private final int categoryCap, classCap;

    private CheckedRows(JavaRDD<RowChunk> chunks, List<RowChunk.Summary> summaries, List<String> numeric,
                        List<String> categorical, String label, Task task, List<String> columns, int categoryCap,
                        int classCap) {
        this.chunks = chunks;
        this.summaries = summaries;
        this.categoryCap = categoryCap;
        this.classCap = classCap;
        int partitions = summaries.stream().mapToInt(RowChunk.Summary::partition).max().orElse(-1) + 1;
        this.firstOrdinal = new int[partitions];
        int[] perPartition = new int[partitions];
        summaries.forEach(x -> perPartition[x.partition()]++);
        for (int p = 1; p < partitions; p++) {
            firstOrdinal[p] = firstOrdinal[p - 1] + perPartition[p - 1];
        }
        this.numeric = List.copyOf(numeric);
        this.categorical = List.copyOf(categorical);
        this.label = label;
        this.task = task;
        this.columns = List.copyOf(columns);
        this.order = columns.stream().mapToInt(c -> c.equals(label) ? LABEL_KEY : numeric.contains(c)
                ? numeric.indexOf(c) : -1 - categorical.indexOf(c)).toArray();
    }

    /**
     * Runs the pass over {@code typed} (the input's columns in order, typed, plus {@link RowChecks#FILE}):
     * one Spark job, which also fills the cache. {@code classes}: a fitted model's, or empty in training.
     */
    static CheckedRows check(Dataset<Row> typed, List<String> numeric, List<String> categorical, String label,
                             Task task, List<String> classes, dev.sparkfit.config.MissingPolicy missing,
                             int categoryCap, int classCap, String weight) {
        return check(typed, numeric, categorical, label, task, classes, missing, categoryCap, classCap, weight,
                IngestPass.CHUNK_CELLS);
    }

    /** As above, with at most {@code chunkCells} cells per chunk. */
    static CheckedRows check(Dataset<Row> typed, List<String> numeric, List<String> categorical, String label,
                             Task task, List<String> classes, dev.sparkfit.config.MissingPolicy missing,
                             int categoryCap, int classCap, String weight, long chunkCells) {
        IngestPass pass = new IngestPass(typed.schema(), numeric, categorical, label, task, classes, missing,
                categoryCap, classCap, weight);
        int maxRows = pass.chunkRows(chunkCells);
        // InternalRows from the query plan, not Rows: no conversion to a Java object per cell.
        JavaRDD<InternalRow> rows = typed.queryExecution().toRdd().toJavaRDD();
        JavaRDD<RowChunk> chunks = rows.mapPartitionsWithIndex((p, it) -> pass.run(p, it, maxRows), true);
        return of(chunks, List.of(typed.columns()), numeric, categorical, label, task, categoryCap, classCap);
    }

    /**
     * Caches {@code chunks} (in partition order, each partition's in order) and collects their summaries: the
     * one Spark job of the pass. {@code inputColumns}: the input's columns in order.
     */
    static CheckedRows of(JavaRDD<RowChunk> chunks, List<String> inputColumns, List<String> numeric,
                          List<String> categorical, String label, Task task, int categoryCap, int classCap) {
        // Deserialized arrays: the compact form already; what does not fit spills to disk, not recomputed.
        chunks.persist(StorageLevel.MEMORY_AND_DISK());
        List<RowChunk.Summary> summaries;
        try {
            summaries = chunks.map(c -> c.summary).collect();
        } catch (Exception e) { // Spark's SparkException is checked in Java, yet thrown
            chunks.unpersist(false);
            throw e;
        }
        List<String> columns = new ArrayList<>();
        for (String c : inputColumns) {
            if (c.equals(label) || numeric.contains(c) || categorical.contains(c)) {
                columns.add(c);
            }
        }
        return new CheckedRows(chunks, summaries, numeric, categorical, label, task, columns, categoryCap, classCap);
    }

    /** True when a partition was left to Spark's reader ({@link RowChunk.Summary#unread}). */
    boolean unread() {
        return summaries.stream().anyMatch(RowChunk.Summary::unread);
    }

    long total() {
        return summaries.stream().mapToLong(RowChunk.Summary::total).sum();
    }

    long bad() {
        return summaries.stream().mapToLong(RowChunk.Summary::bad).sum();
    }

    /** The first bad row's {reason, where}, in partition order, or null. */
    String[] firstBad() {
        return summaries.stream().filter(s -> s.bad() > 0).findFirst()
                .map(s -> new String[] {s.firstReason(), s.firstWhere()}).orElse(null);
    }

    /** Distinct values of categorical column {@code k} (the label at {@code categorical.size()}), or null when capped. */
    Set<String> distinct(int k) {
        Set<String> all = new LinkedHashSet<>();
        for (RowChunk.Summary s : summaries) {
            if (s.distinct().get(k) == null) {
                return null;
            }
            all.addAll(s.distinct().get(k));
            if (all.size() > (k < categorical.size() ? categoryCap : classCap)) {
                return null; // each chunk under its cap, all of them over it
            }
        }
        return all;
    }

    JavaRDD<RowChunk> chunks() {
        return chunks;
    }

    public void release() {
        chunks.unpersist(false);
    }

    /** Every row. */
    public Part all() {
        return new Part(this, 0, 1, 0, false);
    }

    /**
     * The rows Spark's {@code randomSplit(new double[] {1 - fraction, fraction}, seed)} would put on each
     * side, given these rows as a DataFrame with the input's partitions: it sorts each partition by every
     * column, then draws one {@code XORShiftRandom} number per row seeded with seed + partition index.
     * The same rule here keeps the split of the row-at-a-time path, row for row, for every partition that
     * fits one chunk; a larger partition is sorted chunk by chunk (its draws continue from chunk to chunk),
     * so its split is as random and as reproducible but not randomSplit's.
     *
     * @return {training, validation}
     */
    public Part[] split(double fraction, long seed) {
        double[] w = {1 - fraction, fraction};
        double sum = w[0] + w[1];
        double b = w[0] / sum;
        double c = b + w[1] / sum;
        return new Part[] {new Part(this, 0, b, seed, true), new Part(this, b, c, seed, true)};
    }

    /** One side of a split (or all rows): the rows whose draw falls in {@code [lb, ub)}. */
    public record Part(CheckedRows rows, double lb, double ub, long seed, boolean sampled) implements Serializable {

        JavaRDD<RowChunk> chunks() {
            return rows.chunks();
        }

        /** Which rows of {@code c} are on this side. */
        boolean[] keep(RowChunk c) {
            boolean[] keep = new boolean[c.rows];
            if (!sampled) {
                Arrays.fill(keep, true);
                return keep;
            }
            XORShiftRandom rng = new XORShiftRandom();
            rng.setSeed(seed + c.partition);
            for (long skip = 0; skip < c.first; skip++) { // the draws of the partition's earlier chunks
                rng.nextDouble();
            }
            for (int i : rows.sorted(c)) {
                double x = rng.nextDouble();
                keep[i] = x >= lb && x < ub;
            }
            return keep;
        }

        /** Rows on this side per chunk, in chunk order ({@link CheckedRows#ordinal}). */
        public long[] counts() {
            List<long[]> per = chunks().map(c -> {
                long n = 0;
                for (boolean k : keep(c)) {
                    n += k ? 1 : 0;
                }
                return new long[] {rows.ordinal(c), n};
            }).collect();
            long[] out = new long[per.size()];
            per.forEach(p -> out[(int) p[0]] = p[1]);
            return out;
        }

        /** This side's rows as a DataFrame of the active session (for all rows, made once). */
        public Dataset<Row> view() {
            return sampled ? toDataFrame(SparkSession.active()) : rows.view();
        }

        /** This side's rows as a DataFrame: see {@link CheckedRows#toDataFrame}. */
        public Dataset<Row> toDataFrame(SparkSession spark) {
            return rows.toDataFrame(spark, this);
        }
    }

    /** {@code c}'s place among all chunks: partition order, then its order within the partition. */
    int ordinal(RowChunk c) {
        return firstOrdinal[c.partition] + c.seq;
    }

    /**
     * Row indices of {@code c} in the order Spark's ascending sort on every column (nulls first) gives,
     * ties in input order. Sorted a column at a time: each run of rows still tied is stably ordered by
     * the next column only where that column differs within it, so rows that share long prefixes (wide
     * data with many zeros) cost a pass per column, not a full row comparison per pair.
     */
    private int[] sorted(RowChunk c) {
        int n = c.rows, nn = numeric.size(), nc = categorical.size();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        int[] runs = new int[Math.max(2, n)]; // [start, end) pairs of rows still tied (at most n / 2 runs)
        int[] next = new int[Math.max(2, n)];
        runs[1] = n;
        int runCount = n > 1 ? 1 : 0;
        double[] key = new double[n]; // this column's value of each row still tied
        for (int col = 0; col < order.length && runCount > 0; col++) {
            int k = order[col];
            Map<String, Integer> r = k == LABEL_KEY ? (c.classes == null ? null : ranks(c.classes, 0, 1, n))
                    : k >= 0 ? null : ranks(c.cats, -1 - k, nc, n);
            int nextCount = 0;
            for (int q = 0; q < runCount; q++) {
                int lo = runs[2 * q], hi = runs[2 * q + 1];
                for (int j = lo; j < hi; j++) {
                    int i = idx[j];
                    key[i] = k == LABEL_KEY ? (r == null ? c.targets[i] : r.get(c.classes[i]))
                            : k >= 0 ? c.x[i * nn + k] : rank(r, c.cats[i * nc - 1 - k]);
                }
                if (!allEqual(idx, lo, hi, key)) {
                    stableSort(idx, lo, hi, key);
                }
                for (int a = lo; a < hi; ) { // the runs this column leaves tied
                    int b = a + 1;
                    while (b < hi && compareDoubles(key[idx[a]], key[idx[b]]) == 0) {
                        b++;
                    }
                    if (b - a > 1) {
                        next[2 * nextCount] = a;
                        next[2 * nextCount + 1] = b;
                        nextCount++;
                    }
                    a = b;
                }
            }
            int[] t = runs;
            runs = next;
            next = t;
            runCount = nextCount;
        }
        return idx;
    }

    private static boolean allEqual(int[] idx, int lo, int hi, double[] key) {
        for (int i = lo + 1; i < hi; i++) {
            if (compareDoubles(key[idx[lo]], key[idx[i]]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Orders {@code idx[lo, hi)} by {@code key} (NaN first), keeping the order of equal keys. */
    private static void stableSort(int[] idx, int lo, int hi, double[] key) {
        Integer[] box = new Integer[hi - lo];
        for (int i = lo; i < hi; i++) {
            box[i - lo] = idx[i];
        }
        Arrays.sort(box, (a, b) -> compareDoubles(key[a], key[b])); // TimSort: stable
        for (int i = lo; i < hi; i++) {
            idx[i] = box[i - lo];
        }
    }

    private static int rank(Map<String, Integer> ranks, String v) {
        return v == null ? -1 : ranks.get(v); // nulls first
    }

    /** Each distinct string's rank in UTF-8 byte order, Spark's string order. */
    private static Map<String, Integer> ranks(String[] values, int k, int stride, int rows) {
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < rows; i++) {
            if (values[i * stride + k] != null) {
                distinct.add(values[i * stride + k]);
            }
        }
        List<String> sorted = new ArrayList<>(distinct);
        sorted.sort((a, b) -> UTF8String.fromString(a).compareTo(UTF8String.fromString(b)));
        Map<String, Integer> ranks = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            ranks.put(sorted.get(i), i);
        }
        return ranks;
    }

    /** Spark's double order for an ascending sort, an empty cell (NaN here) first. */
    private static int compareDoubles(double a, double b) {
        boolean na = Double.isNaN(a), nb = Double.isNaN(b);
        if (na || nb) {
            return na == nb ? 0 : na ? -1 : 1;
        }
        return a == b ? 0 : Double.compare(a, b);
    }

    /**
     * The rows of {@code part} as a DataFrame with the typed columns of the row-at-a-time path (numeric
     * doubles, categorical strings, the label), in input order and partitioning: a view of the cache.
     */
    Dataset<Row> toDataFrame(SparkSession spark, Part part) {
        return toDataFrame(spark, part, false);
    }

    /** As above; {@code withWeights}: plus each row's sample weight as {@value #WEIGHT} (rows read with data.weight). */
    private Dataset<Row> toDataFrame(SparkSession spark, Part part, boolean withWeights) {
        List<StructField> fields = new ArrayList<>();
        for (int key : order) {
            String name = columns.get(fields.size());
            fields.add(DataTypes.createStructField(name, key >= 0 || (key == LABEL_KEY && task == Task.REGRESSION)
                    ? DataTypes.DoubleType : DataTypes.StringType, true));
        }
        if (withWeights) {
            fields.add(DataTypes.createStructField(WEIGHT, DataTypes.DoubleType, false));
        }
        int[] keys = order;
        int nn = numeric.size(), nc = categorical.size();
        JavaRDD<Row> rows = chunks.flatMap(c -> new java.util.Iterator<Row>() {
            private final boolean[] keep = part.keep(c);
            private int i = next(0);

            private int next(int from) {
                int j = from;
                while (j < c.rows && !keep[j]) {
                    j++;
                }
                return j;
            }

            @Override
            public boolean hasNext() {
                return i < c.rows;
            }

            @Override
            public Row next() {
                Object[] v = new Object[keys.length + (withWeights ? 1 : 0)];
                if (withWeights) {
                    v[keys.length] = c.weights[i];
                }
                for (int j = 0; j < keys.length; j++) {
                    int key = keys[j];
                    if (key == LABEL_KEY) {
                        v[j] = c.classes != null ? c.classes[i] : (Object) c.targets[i];
                    } else if (key >= 0) {
                        double d = c.x[i * nn + key];
                        v[j] = Double.isNaN(d) ? null : d;
                    } else {
                        v[j] = c.cats[i * nc - 1 - key];
                    }
                }
                i = next(i + 1);
                return RowFactory.create(v);
            }
        });
        return spark.createDataFrame(rows, DataTypes.createStructType(fields));
    }

    /** All rows as a DataFrame. */
    Dataset<Row> toDataFrame(SparkSession spark) {
        return toDataFrame(spark, all());
    }

    /**
     * All rows as a DataFrame with their sample weights in {@value #WEIGHT} (cv deals them into folds as a
     * DataFrame); only for rows read with {@code data.weight}.
     */
    public Dataset<Row> toDataFrame(SparkSession spark, boolean withWeights) {
        return toDataFrame(spark, all(), withWeights);
    }

    private transient Dataset<Row> view;

    /** All rows as a DataFrame of the active session, made once, when first asked for. */
    synchronized Dataset<Row> view() {
        if (view == null) {
            view = toDataFrame(SparkSession.active());
        }
        return view;
    }
}
