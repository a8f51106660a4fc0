package dev.sparkfit.data;

import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.Task;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one pass over a partition of typed input rows ({@link InternalRow}s straight from Spark's CSV or
 * Parquet reader, so no Java object per cell): each row is checked and its cells copied into a
 * {@link RowChunk}'s arrays. A row that fails a check is handed, as a plain {@link Row} of its cells,
 * to {@link RowTyper}, so its reason is worded exactly as for every other input path; a CSV line Spark
 * could not type (its corrupt-record column is set) is first split again into its text cells.
 */
final class IngestPass implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int NUMERIC = 1, CATEGORICAL = 2, LABEL = 3, CORRUPT = 5, FILE = 6, WEIGHT = 7,
            SKIP = 0;

    private final DataType[] types;
    /** Per column: how {@link #number} reads it (a switch per cell, not a chain of type tests). */
    private final int[] reads;
    private final int[] roles;
    /** Per column: its index among the numeric or the categorical columns. */
    private final int[] slot;
    private final int nNumeric, nCategorical, textColumns;
    private final boolean regression, failOnMissing, csv, weighted;
    private final RowTyper typer;
    private final int categoryCap, classCap;
    /** A fitted model's classes (a label outside them makes the row bad), or empty in training. */
    private final Set<String> known;

    /**
     * @param scanned the columns read: the input's columns in order ({@link DataReader#CORRUPT} among them
     *                for CSV), then {@link RowChecks#FILE}
     * @param classes a fitted model's classes, or empty (training: every label is a class)
     */
    IngestPass(StructType scanned, List<String> numeric, List<String> categorical, String label, Task task,
               List<String> classes, MissingPolicy missing, int categoryCap, int classCap, String weight) {
        String[] names = scanned.fieldNames();
        this.types = Arrays.stream(scanned.fields()).map(f -> f.dataType()).toArray(DataType[]::new);
        this.reads = Arrays.stream(types).mapToInt(IngestPass::reads).toArray();
        this.roles = new int[names.length];
        this.slot = new int[names.length];
        int text = 0;
        for (int i = 0; i < names.length; i++) {
            String c = names[i];
            roles[i] = numeric.contains(c) ? NUMERIC : categorical.contains(c) ? CATEGORICAL : c.equals(label) ? LABEL
                    : c.equals(weight) ? WEIGHT : c.equals(DataReader.CORRUPT) ? CORRUPT
                    : c.equals(RowChecks.FILE) ? FILE : SKIP;
            slot[i] = roles[i] == NUMERIC ? numeric.indexOf(c) : roles[i] == CATEGORICAL ? categorical.indexOf(c) : -1;
            text += roles[i] == CORRUPT || roles[i] == FILE ? 0 : 1;
        }
        this.textColumns = text;
        this.nNumeric = numeric.size();
        this.nCategorical = categorical.size();
        this.regression = task == Task.REGRESSION;
        this.failOnMissing = missing == MissingPolicy.FAIL;
        this.csv = List.of(names).contains(DataReader.CORRUPT);
        this.weighted = weight != null;
        this.typer = new RowTyper(scanned, numeric, categorical, label, task, classes, missing, List.of(), weight);
        this.known = new java.util.HashSet<>(classes);
        this.categoryCap = categoryCap;
        this.classCap = classCap;
    }

    /** True when every column the pass reads has a type it reads directly. */
    static boolean supports(DataType t) {
        return t instanceof StringType || t instanceof DoubleType || t instanceof FloatType || t instanceof IntegerType
                || t instanceof LongType || t instanceof ShortType || t instanceof ByteType || t instanceof DecimalType
                || t instanceof BooleanType;
    }

    /**
     * Rows per chunk of this pass's rows: a chunk holds at most about {@link #CHUNK_CELLS} cells
     * (8 MB of doubles), whatever the input partition's size (a Parquet row group of 128 MB can hold
     * several hundred MB of doubles), so an executor of 512 MB can check and cache any partition.
     */
    int chunkRows(long chunkCells) {
        int cells = nNumeric + nCategorical + 1; // and the label
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE / 8, chunkCells / cells));
    }

    /**
     * At most this many cells per {@link RowChunk} (8 MB of doubles): a chunk being built is memory Spark does
     * not account for, beside the chunks its cache unrolls; 4M cells still ran a 512 MB executor out of heap.
     */
    static final long CHUNK_CELLS = 1L << 20;

    /**
     * The partition's rows as a lazy sequence of chunks of at most {@code maxRows} good rows each: the
     * cache unrolls (or spills) one chunk at a time, so a task never holds more than one chunk being built.
     */
    Iterator<RowChunk> run(int partition, Iterator<InternalRow> rows, int maxRows) {
        return RowChunk.lazily(rows, (seq, first) -> chunk(partition, seq, first, rows, maxRows));
    }

    /** One chunk: up to {@code maxRows} good rows (and the bad rows met meanwhile) from {@code rows}. */
    private RowChunk chunk(int partition, int seq, long first, Iterator<InternalRow> rows, int maxRows) {
        int cap = Math.min(1024, maxRows);
        double[] x = new double[cap * nNumeric];
        String[] cats = new String[cap * nCategorical];
        String[] classes = regression ? null : new String[cap];
        double[] targets = regression ? new double[cap] : null;
        double[] weights = weighted ? new double[cap] : null;
        Map<String, String> interned = new HashMap<>();
        List<Set<String>> distinct = new ArrayList<>();
        for (int i = 0; i <= nCategorical; i++) {
            distinct.add(new LinkedHashSet<>());
        }
        long total = 0, bad = 0;
        String firstReason = null, firstWhere = null;
        int n = 0;
        while (n < maxRows && rows.hasNext()) {
            InternalRow r = rows.next();
            total++;
            if (n == cap) {
                cap = (int) Math.min(maxRows, 2L * cap);
                x = Arrays.copyOf(x, cap * nNumeric);
                cats = Arrays.copyOf(cats, cap * nCategorical);
                classes = classes == null ? null : Arrays.copyOf(classes, cap);
                targets = targets == null ? null : Arrays.copyOf(targets, cap);
                weights = weights == null ? null : Arrays.copyOf(weights, cap);
            }
            if (!copy(r, n, x, cats, classes, targets, weights, interned)) {
                if (bad++ == 0) {
                    String[] why = reason(r);
                    firstReason = why[0];
                    firstWhere = why[1];
                }
                continue;
            }
            for (int k = 0; k < nCategorical; k++) {
                add(distinct, k, cats[n * nCategorical + k], categoryCap);
            }
            if (classes != null) {
                add(distinct, nCategorical, classes[n], classCap);
            }
            n++;
        }
        return new RowChunk(partition, seq, first, n, trim(x, n * nNumeric), trim(cats, n * nCategorical),
                classes == null ? null : trim(classes, n), targets == null ? null : trim(targets, n),
                weights == null ? null : trim(weights, n),
                new RowChunk.Summary(partition, total, bad, firstReason, firstWhere, distinct));
    }

    private static double[] trim(double[] a, int n) {
        return a.length == n ? a : Arrays.copyOf(a, n);
    }

    private static String[] trim(String[] a, int n) {
        return a.length == n ? a : Arrays.copyOf(a, n);
    }

    private static void add(List<Set<String>> distinct, int k, String v, int cap) {
        Set<String> s = distinct.get(k);
        if (s != null && v != null && s.add(v) && s.size() > cap) {
            distinct.set(k, null); // too many: the driver asks Spark for the exact count
        }
    }

    /** Copies row {@code r} into slot {@code n}; false when the row is bad. */
    private boolean copy(InternalRow r, int n, double[] x, String[] cats, String[] classes, double[] targets,
                         double[] weights, Map<String, String> interned) {
        for (int i = 0; i < roles.length; i++) {
            switch (roles[i]) {
                case NUMERIC -> {
                    double v = Double.NaN;
                    if (!r.isNullAt(i) && !blank(r, i)) {
                        v = number(r, i);
                        if (!Double.isFinite(v)) {
                            return false;
                        }
                    } else if (failOnMissing) {
                        return false;
                    }
                    x[n * nNumeric + slot[i]] = v;
                }
                case CATEGORICAL -> cats[n * nCategorical + slot[i]] = r.isNullAt(i) ? null
                        : intern(interned, text(r, i));
                case LABEL -> {
                    String t = r.isNullAt(i) ? "" : text(r, i);
                    if (t.isEmpty()) {
                        return false;
                    }
                    if (regression) {
                        double v = reads[i] == READ_TEXT ? parse(t) : number(r, i);
                        if (!Double.isFinite(v)) {
                            return false;
                        }
                        targets[n] = v;
                    } else if (!known.isEmpty() && !known.contains(t)) {
                        return false;
                    } else {
                        classes[n] = intern(interned, t);
                    }
                }
                case WEIGHT -> { // data.weight: a finite number >= 0 in every row
                    double v = r.isNullAt(i) || blank(r, i) ? Double.NaN : number(r, i);
                    if (!Double.isFinite(v) || v < 0) {
                        return false;
                    }
                    weights[n] = v;
                }
                case CORRUPT -> {
                    if (!r.isNullAt(i)) {
                        return false;
                    }
                }
                default -> { }
            }
        }
        return true;
    }

    private static String intern(Map<String, String> interned, String s) {
        String known = interned.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    private static final int READ_DOUBLE = 0, READ_FLOAT = 1, READ_INT = 2, READ_LONG = 3, READ_SHORT = 4,
            READ_BYTE = 5, READ_DECIMAL = 6, READ_TEXT = 7, READ_NONE = 8;

    private static int reads(DataType t) {
        return t instanceof DoubleType ? READ_DOUBLE : t instanceof FloatType ? READ_FLOAT
                : t instanceof IntegerType ? READ_INT : t instanceof LongType ? READ_LONG
                : t instanceof ShortType ? READ_SHORT : t instanceof ByteType ? READ_BYTE
                : t instanceof DecimalType ? READ_DECIMAL : t instanceof StringType ? READ_TEXT : READ_NONE;
    }

    /** A numeric cell as a double; NaN when a text cell does not parse (so the row is bad). */
    private double number(InternalRow r, int i) {
        return switch (reads[i]) {
            case READ_DOUBLE -> r.getDouble(i);
            case READ_FLOAT -> r.getFloat(i);
            case READ_INT -> r.getInt(i);
            case READ_LONG -> r.getLong(i);
            case READ_SHORT -> r.getShort(i);
            case READ_BYTE -> r.getByte(i);
            case READ_DECIMAL -> {
                DecimalType d = (DecimalType) types[i];
                yield r.getDecimal(i, d.precision(), d.scale()).toDouble();
            }
            case READ_TEXT -> parse(r.getUTF8String(i).toString().trim());
            default -> Double.NaN;
        };
    }

    /** An empty text cell (Parquet strings; Spark's CSV reader already reads an empty cell as null). */
    private boolean blank(InternalRow r, int i) {
        return reads[i] == READ_TEXT && r.getUTF8String(i).toString().trim().isEmpty();
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A cell as the text the row-at-a-time reader saw: trimmed strings, numbers as Java prints them. */
    private String text(InternalRow r, int i) {
        Object v = value(r, i);
        return v == null ? null : v.toString().trim();
    }

    private Object value(InternalRow r, int i) {
        if (r.isNullAt(i)) {
            return null;
        }
        DataType t = types[i];
        if (t instanceof StringType) {
            return r.getUTF8String(i).toString();
        } else if (t instanceof DoubleType) {
            return r.getDouble(i);
        } else if (t instanceof FloatType) {
            return r.getFloat(i);
        } else if (t instanceof IntegerType) {
            return r.getInt(i);
        } else if (t instanceof LongType) {
            return r.getLong(i);
        } else if (t instanceof ShortType) {
            return r.getShort(i);
        } else if (t instanceof ByteType) {
            return r.getByte(i);
        } else if (t instanceof DecimalType d) {
            return r.getDecimal(i, d.precision(), d.scale()).toJavaBigDecimal();
        } else if (t instanceof BooleanType) {
            return r.getBoolean(i);
        }
        throw new IllegalStateException("unsupported column type " + t);
    }

    /** {reason, where} of a bad row, worded by {@link RowTyper}. */
    private String[] reason(InternalRow r) {
        Object[] cells = new Object[roles.length];
        for (int i = 0; i < roles.length; i++) {
            cells[i] = value(r, i);
        }
        int corrupt = indexOf(CORRUPT);
        String line = csv && cells[corrupt] != null ? cells[corrupt].toString() : null;
        if (line != null) {
            // Spark could not type this line: split it into its text cells again, so that the reason names
            // the cell at fault, or (when the field count is wrong) the line.
            String[] text = BadRowLocator.parser().parseLine(line);
            if (text != null && text.length == textColumns) {
                int k = 0;
                for (int i = 0; i < roles.length; i++) {
                    if (roles[i] != CORRUPT && roles[i] != FILE) {
                        cells[i] = text[k++];
                    }
                }
                cells[corrupt] = null;
            }
        }
        Row typed = typer.type(RowFactory.create(cells));
        String why = typed.getString(typed.length() - 2);
        String where = typed.getString(typed.length() - 1);
        if (why == null) { // Spark refused a line whose cells all read: say so with the line
            why = "the line cannot be read: " + line;
            where = BadRowLocator.encode(fileOf(cells), String.valueOf(line), new Object[0]);
        }
        return new String[] {why, where};
    }

    private String fileOf(Object[] cells) {
        int f = indexOf(FILE);
        return f < 0 || cells[f] == null ? null : cells[f].toString();
    }

    private int indexOf(int role) {
        for (int i = 0; i < roles.length; i++) {
            if (roles[i] == role) {
                return i;
            }
        }
        return -1;
    }
}
