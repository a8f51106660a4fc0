package dev.sparkfit.ml;

import dev.sparkfit.config.Task;
import dev.sparkfit.data.DataException;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The estimators' rows through the one pass: what it keeps, and one line for each kind of bad row. */
class FrameInputTest {

    private static Dataset<Row> frame(Vector bad, Double badLabel) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(RowFactory.create(Vectors.dense(i, i % 3), (double) (i % 2)));
        }
        rows.add(RowFactory.create(bad, badLabel));
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
                .add("label", DataTypes.DoubleType);
        return TestSpark.get().createDataFrame(rows, schema).repartition(2);
    }

    private static String fails(Dataset<Row> df, Task task) {
        String m = assertThrows(DataException.class, () -> FrameInput.read(df, "features", "label", task, 0))
                .getMessage();
        assertFalse(m.contains("\n"), m);
        return m;
    }

    @Test
    void goodRowsAreCachedWithTheirClassesAndSparseVectorsRead() {
        InputTable t = FrameInput.read(frame(Vectors.sparse(2, new int[] {1}, new double[] {4}), 3.0), "features",
                "label", Task.CLASSIFICATION, 0);
        try {
            assertEquals(41, t.goodRows());
            assertEquals(List.of("features[0]", "features[1]"), t.numeric());
            assertEquals(List.of("0.0", "1.0", "2.0", "3.0"), t.classes()); // 2.0: no row, yet a class index
            List<Row> sparse = t.rows().where("label = '3.0'").collectAsList();
            assertEquals(RowFactory.create(0.0, 4.0, "3.0"), sparse.get(0));
        } finally {
            t.release();
        }
    }

    @Test
    void badRowsStopTheFitInOneLineCountingEachFault() {
        assertEquals("featuresCol 'features': 1 rows hold NaN or infinite values (fill them first, e.g. with Imputer)",
                fails(frame(Vectors.dense(1, Double.NaN), 0.0), Task.CLASSIFICATION));
        assertEquals("featuresCol 'features': vectors of different sizes (2 to 3); every row needs the same width",
                fails(frame(Vectors.dense(1, 2, 3), 0.0), Task.REGRESSION));
        assertEquals("featuresCol 'features': 1 rows have no vector (drop or fill them first)",
                fails(frame(null, 0.0), Task.REGRESSION));
        assertEquals("labelCol 'label': 1 rows have a null or NaN label", fails(frame(Vectors.dense(1, 2), null),
                Task.REGRESSION));
        assertEquals("labelCol 'label': -1.0 found; the classifier needs class indices 0, 1, ... as StringIndexer"
                + " writes them", fails(frame(Vectors.dense(1, 2), -1.0), Task.CLASSIFICATION));
        assertEquals("labelCol 'label': non-integer values found; the classifier needs class indices 0, 1, ... as"
                + " StringIndexer writes them", fails(frame(Vectors.dense(1, 2), 0.5), Task.CLASSIFICATION));
        // What the counting aggregate does not see: the pass's own line.
        assertEquals("column 'label': a label is Infinity (1 of 41 rows are bad)",
                fails(frame(Vectors.dense(1, 2), Double.POSITIVE_INFINITY), Task.REGRESSION));
        assertEquals("the DataFrame has no rows", fails(frame(Vectors.dense(1, 2), 0.0).limit(0), Task.REGRESSION));
        Dataset<Row> dotted = frame(Vectors.dense(1, Double.NaN), 0.0).toDF("f.v", "l.y");
        assertEquals("featuresCol 'f.v': 1 rows hold NaN or infinite values (fill them first, e.g. with Imputer)",
                assertThrows(DataException.class, () -> FrameInput.read(dotted, "f.v", "l.y", Task.REGRESSION, 0))
                        .getMessage());
    }
}
