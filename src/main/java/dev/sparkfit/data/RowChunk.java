package dev.sparkfit.data;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The good rows of one input partition (or of a bounded run of them: a partition is cut into chunks of at
 * most {@link IngestPass#CHUNK_CELLS} cells) after the checks, as typed arrays instead of a Java object per
 * cell: numeric cells row-major in {@code x} (NaN where the cell was empty), categorical cells in
 * {@code cats} (null where empty), the label as a class string or a regression target, and the sample
 * weight when {@code data.weight} names a column. Also carries
 * what the checks found in that partition (row counts, the first bad row, the distinct values seen), so
 * one pass over the input answers every question the driver asks before training.
 */
final class RowChunk implements Serializable {

    private static final long serialVersionUID = 1L;

    final int partition;
    /** This chunk's place among its partition's chunks (0, 1, ...), and the partition's good rows before it. */
    final int seq;
    final long first;
    final int rows;
    final double[] x;
    final String[] cats;
    /** Class labels (classification), else null. */
    final String[] classes;
    /** Regression targets, else null. */
    final double[] targets;
    /** Sample weights ({@code data.weight}), else null. */
    final double[] weights;
    final Summary summary;

    RowChunk(int partition, int seq, long first, int rows, double[] x, String[] cats, String[] classes,
             double[] targets, double[] weights, Summary summary) {
        this.partition = partition;
        this.seq = seq;
        this.first = first;
        this.rows = rows;
        this.x = x;
        this.cats = cats;
        this.classes = classes;
        this.targets = targets;
        this.weights = weights;
        this.summary = summary;
    }

    /**
     * What the driver learns of a partition: rows read and bad, the first bad row (its reason and where to
     * find it, or null), and per categorical column (then the label) its distinct values, each set capped:
     * null once it outgrew {@code cap}. {@code unread}: {@link CsvSplitReader} met a line it leaves to Spark's
     * reader (the counts are then meaningless and the driver reads the input again with Spark).
     */
    record Summary(int partition, long total, long bad, String firstReason, String firstWhere,
                   List<Set<String>> distinct, boolean unread) implements Serializable {

        Summary(int partition, long total, long bad, String firstReason, String firstWhere, List<Set<String>> distinct) {
            this(partition, total, bad, firstReason, firstWhere, distinct, false);
        }

        Summary asUnread() {
            return new Summary(partition, total, bad, firstReason, firstWhere, distinct, true);
        }
    }

    /** The same chunk, marked {@link Summary#unread}, without its rows. */
    RowChunk asUnread() {
        return new RowChunk(partition, seq, first, 0, new double[0], new String[0], null, null, null, summary.asUnread());
    }

    /** Makes one chunk of a partition: number {@code seq}, whose first good row is row {@code first}. */
    interface Maker {
        RowChunk make(int seq, long first);
    }

    /**
     * A partition's rows as a lazy sequence of chunks made one at a time (the cache unrolls or spills one
     * chunk at a time); an empty partition still yields one (empty) chunk, so every partition reports.
     */
    static Iterator<RowChunk> lazily(Iterator<?> rows, Maker maker) {
        return new Iterator<>() {
            private int seq;
            private long first;
            private boolean started;

            @Override
            public boolean hasNext() {
                return !started || rows.hasNext();
            }

            @Override
            public RowChunk next() {
                started = true;
                RowChunk c = maker.make(seq++, first);
                first += c.rows;
                return c;
            }
        };
    }
}
