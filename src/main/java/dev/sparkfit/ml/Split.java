package dev.sparkfit.ml;

import dev.sparkfit.data.CheckedRows;
import dev.sparkfit.data.DataException;
import dev.sparkfit.data.InputTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Row counts and partitions after the validation split; with checked rows in cached arrays
 * ({@link dev.sparkfit.data.CheckedRows}) also the two sides as parts of them, and the DataFrames are
 * views of those, made when first asked for.
 */
public record Split(Dataset<Row> train, Dataset<Row> validation, long trainRows, long valRows, int workers,
                    CheckedRows.Part trainPart, CheckedRows.Part valPart) {

    /** The training rows; a view of the checked rows is made only when asked for (Spark SQL's first query). */
    @Override
    public Dataset<Row> train() {
        return train != null || trainPart == null ? train : trainPart.view();
    }

    /** The validation rows (null without any); as {@link #train()}, a view made only when asked for. */
    @Override
    public Dataset<Row> validation() {
        return validation != null || valPart == null ? validation : valPart.view();
    }

    public SplitTraining.Rows rows() {
        return rows(workers);
    }

    /** The rows for a run with {@code workers} workers; the parts stand for the views not made yet. */
    public SplitTraining.Rows rows(int workers) {
        return new SplitTraining.Rows(train, validation, trainRows, valRows, workers, trainPart, valPart);
    }

    /** As {@link #of(Dataset, dev.sparkfit.config.TrainingSpec, int)}, on the cached arrays when the table has them. */
    public static Split of(InputTable table, dev.sparkfit.config.TrainingSpec t, int defaultParallelism) {
        CheckedRows checked = table.checked();
        if (checked == null) {
            return of(table.rows(), t, defaultParallelism);
        }
        CheckedRows.Part train = checked.all();
        CheckedRows.Part val = null;
        if (t.validationSplit() > 0) {
            // The rows randomSplit would choose (see CheckedRows.split), drawn on the cached arrays.
            CheckedRows.Part[] parts = checked.split(t.validationSplit(),
                    dev.sparkfit.train.Seeds.derive(t.seed(), "validation_split"));
            train = parts[0];
            val = parts[1];
        }
        long trainRows = val == null ? table.goodRows() : java.util.Arrays.stream(train.counts()).sum();
        long valRows = val == null ? 0 : table.goodRows() - trainRows;
        return checked(new Split(null, null, trainRows, valRows, workers(t, defaultParallelism), train, val), t);
    }

    /** training.workers, or Spark's default parallelism when it is 0 (the one place this rule lives). */
    public static int workers(dev.sparkfit.config.TrainingSpec t, int defaultParallelism) {
        return t.workers() > 0 ? t.workers() : defaultParallelism;
    }

    private static Split checked(Split s, dev.sparkfit.config.TrainingSpec t) {
        if (t.validationSplit() > 0 && s.valRows() == 0) {
            throw new DataException("training.validation_split " + t.validationSplit() + " of "
                    + (s.trainRows() + s.valRows()) + " rows leaves no validation rows (use more data or a larger split)");
        }
        requireRows(s.trainRows(), s.workers());
        return s;
    }

    public void unpersist() {
        if (train != null) {
            train.unpersist(false);
        }
        if (validation != null) {
            validation.unpersist(false);
        }
    }

    public static Split of(Dataset<Row> rows, dev.sparkfit.config.TrainingSpec t, int defaultParallelism) {
        Dataset<Row> train = rows;
        Dataset<Row> val = null;
        if (t.validationSplit() > 0) {
            // randomSplit is seeded and deterministic for a given input partitioning.
            Dataset<Row>[] parts = rows.randomSplit(new double[] {1 - t.validationSplit(), t.validationSplit()},
                    dev.sparkfit.train.Seeds.derive(t.seed(), "validation_split"));
            train = parts[0].cache();
            val = parts[1].cache();
        }
        long trainRows = train.count();
        long valRows = val == null ? 0 : val.count();
        return checked(new Split(train, val, trainRows, valRows, workers(t, defaultParallelism), null, null), t);
    }

    /** Refuses fewer training rows than workers (one block per worker). */
    public static void requireRows(long rows, int workers) {
        if (rows < workers) {
            throw new DataException(rows + " training rows cannot feed " + workers
                    + " workers (set training.workers to at most " + rows + ")");
        }
    }
}
