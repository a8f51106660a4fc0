package dev.sparkfit.data;

import dev.sparkfit.config.Task;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

/**
 * Typed input rows, ready for preprocessing: numeric feature columns are doubles, categorical ones
 * trimmed strings, and (when present) the label column is a double for regression or a string for
 * classification. {@code vectorColumn} is set instead of the column lists for libsvm input.
 *
 * @param classes class labels in index order (empty for regression or when the label is absent)
 * @param badRows rows dropped under {@code bad_records: skip}
 * @param cached  the checked rows Spark keeps in memory (null if none); {@link #release} frees them
 * @param checked the same rows as cached typed arrays (null when they came the row-at-a-time way); when
 *                set, {@code rows} is a view of them
 */
public record InputTable(Dataset<Row> rows, List<String> numeric, List<String> categorical,
                         String vectorColumn, String label, Task task, List<String> classes,
                         long totalRows, long badRows, Dataset<Row> cached, CheckedRows checked) {

    public InputTable(Dataset<Row> rows, List<String> numeric, List<String> categorical, String vectorColumn,
                      String label, Task task, List<String> classes, long totalRows, long badRows,
                      Dataset<Row> cached) {
        this(rows, numeric, categorical, vectorColumn, label, task, classes, totalRows, badRows, cached, null);
    }

    public InputTable {
        numeric = List.copyOf(numeric);
        categorical = List.copyOf(categorical);
        classes = List.copyOf(classes);
    }

    /** The rows; for checked rows made only when asked for (a DataFrame is Spark SQL's first query in a fresh JVM). */
    @Override
    public Dataset<Row> rows() {
        return rows != null || checked == null ? rows : checked.view();
    }

    public boolean hasLabel() {
        return label != null;
    }

    /** Frees the cached rows; call when the job no longer reads {@link #rows}. */
    public void release() {
        if (cached != null) {
            cached.unpersist(false);
        }
        if (checked != null) {
            checked.release();
        }
    }

    /** The same rows with the class list set. */
    public InputTable withClasses(List<String> newClasses) {
        return new InputTable(rows, numeric, categorical, vectorColumn, label, task, newClasses, totalRows, badRows,
                cached, checked);
    }

    public long goodRows() {
        return totalRows - badRows;
    }
}
