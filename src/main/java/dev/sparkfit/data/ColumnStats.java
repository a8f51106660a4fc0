package dev.sparkfit.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Preprocessing} learns from the training rows, gathered in one pass over the cached
 * {@link RowChunk}s: per numeric column the count, mean and sum of squared deviations of its non-empty
 * cells (Welford within a partition, Chan et al.'s merge between partitions, so no sum of squares
 * cancels), per categorical column how often each value and the empty cell occur.
 */
final class ColumnStats implements Serializable {

    private static final long serialVersionUID = 1L;

    long rows;
    final long[] count;
    final double[] mean, m2;
    final List<Map<String, Long>> categories = new ArrayList<>();
    final long[] empty;

    ColumnStats(int numeric, int categorical) {
        count = new long[numeric];
        mean = new double[numeric];
        m2 = new double[numeric];
        empty = new long[categorical];
        for (int k = 0; k < categorical; k++) {
            categories.add(new HashMap<>());
        }
    }

    static ColumnStats of(CheckedRows.Part part) {
        int nn = part.rows().numeric.size(), nc = part.rows().categorical.size();
        return part.chunks().map(c -> add(part, c, nn, nc)).treeAggregate(new ColumnStats(nn, nc),
                ColumnStats::merge, ColumnStats::merge, 2);
    }

    private static ColumnStats add(CheckedRows.Part part, RowChunk c, int nn, int nc) {
        ColumnStats s = new ColumnStats(nn, nc);
        boolean[] keep = part.keep(c);
        for (int i = 0; i < c.rows; i++) {
            if (!keep[i]) {
                continue;
            }
            s.rows++;
            for (int j = 0; j < nn; j++) {
                double v = c.x[i * nn + j];
                if (!Double.isNaN(v)) {
                    long n = ++s.count[j];
                    double d = v - s.mean[j];
                    s.mean[j] += d / n;
                    s.m2[j] += d * (v - s.mean[j]);
                }
            }
            for (int k = 0; k < nc; k++) {
                String v = c.cats[i * nc + k];
                if (v == null) {
                    s.empty[k]++;
                } else {
                    s.categories.get(k).merge(v, 1L, Long::sum);
                }
            }
        }
        return s;
    }

    private static ColumnStats merge(ColumnStats a, ColumnStats b) {
        a.rows += b.rows;
        for (int j = 0; j < a.count.length; j++) {
            long n = a.count[j] + b.count[j];
            if (b.count[j] == 0) {
                continue;
            }
            double d = b.mean[j] - a.mean[j];
            a.m2[j] += b.m2[j] + d * d * a.count[j] * b.count[j] / n;
            a.mean[j] += d * b.count[j] / n;
            a.count[j] = n;
        }
        for (int k = 0; k < a.empty.length; k++) {
            a.empty[k] += b.empty[k];
            Map<String, Long> into = a.categories.get(k);
            b.categories.get(k).forEach((v, n) -> into.merge(v, n, Long::sum));
        }
        return a;
    }

    /**
     * Mean and unbiased variance of numeric column {@code j} once its {@code rows - count} empty cells hold
     * {@code fill}, and both times {@code factor}: {mean, variance}.
     */
    double[] filled(int j, double fill, double factor) {
        long empties = rows - count[j];
        double m = (count[j] * mean[j] + empties * fill) / rows;
        double d = fill - mean[j];
        double m2 = this.m2[j] + (count[j] == 0 ? 0 : d * d * count[j] * empties / rows);
        double var = rows > 1 ? m2 / (rows - 1) : 0.0;
        return new double[] {m * factor, var * factor * factor};
    }

    /** Mean and unbiased variance of a 0/1 slot that is 1 in {@code ones} of the rows. */
    double[] indicator(long ones) {
        double m = (double) ones / rows;
        double var = rows > 1 ? ones * (double) (rows - ones) / ((double) rows * (rows - 1)) : 0.0;
        return new double[] {m, var};
    }
}
