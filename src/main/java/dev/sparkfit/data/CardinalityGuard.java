package dev.sparkfit.data;

import dev.sparkfit.config.Task;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;

/**
 * Stops identifiers and free text from being one-hot encoded, and a regression target from being taken
 * for classes, before any network is built: a categorical column with more than {@code data.max_categories}
 * distinct values, or with about one value per row, and a classification label with more than
 * {@link #MAX_CLASSES} classes or about one per row, are data errors (exit 3) naming the column, its
 * distinct count and what to do. Distinct counts come from the checking pass's capped value sets, or from
 * Spark aggregates (no value reaches the driver) when a set outgrew its cap.
 */
public final class CardinalityGuard {

    /** The most classes a classification label may have (the network's output width). */
    public static final int MAX_CLASSES = 1000;
    /** A column with distinct values on at least this share of its rows is an identifier. */
    static final double IDENTIFIER_SHARE = 0.9;
    /** Below this many distinct values a column is never called an identifier (small tables are all distinct). */
    static final int IDENTIFIER_MIN_DISTINCT = 50;
    /** HyperLogLog++'s relative standard deviation: 1 %, a few KB of state per task. */
    private static final double RSD = 0.01;

    private CardinalityGuard() {
    }

    /** Checks the categorical columns and (for classification) the label of {@code table}. */
    public static void check(InputTable table, int maxCategories, java.util.function.Consumer<String> log) {
        List<String> cols = new ArrayList<>(table.categorical());
        boolean label = table.task() == Task.CLASSIFICATION && table.label() != null;
        if (label) {
            cols.add(table.label());
        }
        if (cols.isEmpty()) {
            return;
        }
        long rows = table.goodRows();
        // One approximate pass over every column at once (one Spark job, partial sketches merged on the
        // way, a single row back); the exact count below runs only for the columns that look too wide.
        Row approx = table.rows().agg(approxOf(cols.get(0)), cols.stream().skip(1).map(CardinalityGuard::approxOf)
                .toArray(Column[]::new)).first();
        List<String> suspects = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            long n = approx.getLong(i);
            long limit = i == table.categorical().size() ? MAX_CLASSES : maxCategories;
            if (n > limit * 0.95 || (n >= IDENTIFIER_MIN_DISTINCT * 0.95 && n >= rows * IDENTIFIER_SHARE * 0.95)) {
                suspects.add(cols.get(i));
            }
        }
        if (suspects.isEmpty()) {
            return;
        }
        Row exact = table.rows().agg(countDistinct(col(suspects.get(0))), suspects.stream().skip(1)
                .map(c -> countDistinct(col(c))).toArray(Column[]::new)).first();
        long[] counts = new long[suspects.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = exact.getLong(i);
        }
        refuse(suspects, counts, label ? table.label() : null, rows, maxCategories);
        log.accept("distinct values checked: " + suspects + " within the limits");
    }

    /**
     * The same check from exact distinct counts, as the one pass over the rows ({@link CheckedRows}) has
     * them: {@code distinct[i]} for {@code cols[i]}, or -1 when it outgrew what the pass keeps; then the
     * count comes from Spark as in {@link #check}.
     */
    static void check(InputTable table, List<String> cols, long[] distinct, int maxCategories,
                      java.util.function.Consumer<String> log) {
        for (long d : distinct) {
            if (d < 0) {
                check(table, maxCategories, log);
                return;
            }
        }
        boolean label = table.task() == Task.CLASSIFICATION && table.label() != null;
        refuse(cols, distinct, label ? table.label() : null, table.goodRows(), maxCategories);
    }

    private static void refuse(List<String> cols, long[] distinct, String label, long rows, int maxCategories) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            String c = cols.get(i);
            long n = distinct[i];
            boolean isLabel = c.equals(label);
            long limit = isLabel ? MAX_CLASSES : maxCategories;
            boolean identifier = n >= IDENTIFIER_MIN_DISTINCT && n >= rows * IDENTIFIER_SHARE;
            if (n > limit || identifier) {
                problems.add(describe(c, n, rows, isLabel, identifier, limit));
            }
        }
        if (!problems.isEmpty()) {
            throw new DataException(String.join("; ", problems));
        }
    }

    private static Column approxOf(String c) {
        return approx_count_distinct(col(c), RSD);
    }

    private static String describe(String c, long n, long rows, boolean isLabel, boolean identifier, long limit) {
        String count = String.format(Locale.ROOT, "%,d distinct values in %,d rows", n, rows);
        if (isLabel) {
            return "data.label: '" + c + "' has " + count + (identifier ? " (about one per row)" : " (more than "
                    + MAX_CLASSES + " classes)") + "; is it a regression target? (set data.task: regression)"
                    + " or an identifier? (choose another data.label)";
        }
        return "categorical column '" + c + "' has " + count
                + (identifier ? " (about one per row: an identifier or free text, not a category)"
                : " (more than data.max_categories " + limit + ")")
                + "; leave it out of data.features" + (identifier ? "" : ", or raise data.max_categories");
    }
}
