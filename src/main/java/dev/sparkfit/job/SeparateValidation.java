package dev.sparkfit.job;

import dev.sparkfit.ml.Split;
import dev.sparkfit.config.DataSpec;
import dev.sparkfit.config.SpecException;
import dev.sparkfit.data.DataException;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.data.InputTables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.util.function.Consumer;

/**
 * {@code data.validation}, as Keras' {@code validation_data}: validation rows read from their own source with
 * the training rows' columns, types and classes and checked as they were ({@link InputTables#forValidation}).
 * Every training row stays a training row; the preprocessing is still fitted on the training rows only, and
 * the validation rows go through the fitted pipeline like any other side of a split.
 */
final class SeparateValidation {

    private SeparateValidation() {
    }

    /** {@code split} (all rows on the training side) with the rows of {@code data.validation}; unchanged without it. */
    static Split attach(SparkSession spark, DataSpec data, InputTable table, Split split,
                                 Consumer<String> console) {
        if (data.validation() == null) {
            return split;
        }
        spark.sparkContext().setJobDescription("read and check data.validation");
        InputTable held = InputTables.forValidation(spark, data, table, console);
        // Cached by itself and the checked rows released: packing and the regression baseline read it, and
        // Split.unpersist frees exactly this DataFrame.
        Dataset<Row> rows = held.rows().persist(StorageLevel.MEMORY_AND_DISK());
        long n;
        try {
            n = rows.count();
        } finally {
            held.release();
        }
        if (n == 0) {
            rows.unpersist(false);
            throw new DataException(data.validation().where() + ": data.validation has no good rows");
        }
        console.accept("validation rows from " + data.validation().where() + ": " + n
                + (held.badRows() > 0 ? " (" + held.badRows() + " skipped)" : ""));
        return new Split(split.train(), rows, split.trainRows(), n, split.workers(), split.trainPart(), null);
    }

    /** For commands that make their own validation rows (cv's folds): data.validation is a spec error there. */
    static void refuse(String command, DataSpec data) {
        if (data.validation() != null) {
            throw new SpecException(command + ": data.validation (" + data.validation().where() + ") is not used here;"
                    + " each fold is validated on its held-out rows (leave data.validation out)");
        }
    }
}
