package dev.sparkfit.data;

import dev.sparkfit.config.Activation;
import dev.sparkfit.config.LossName;
import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.PreprocessSpec;
import dev.sparkfit.config.Task;
import dev.sparkfit.model.Head;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A large input partition is checked and cached as several bounded chunks (so a small executor can hold
 * it); the rows, counts, distinct values and packed blocks must be those of one chunk per partition, and
 * the validation split must still be a seeded partition of the rows.
 */
class ChunkedIngestTest {

    private static final List<String> NUMERIC = List.of("education", "experience", "age");
    private static final List<String> CATEGORICAL = List.of("ethnicity", "region", "gender", "occupation", "sector",
            "union", "married");

    /** hourly_wages typed as the one-pass read types it, in 2 partitions; wage is the regression label. */
    private static Dataset<Row> typed() {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("wage", DataTypes.DoubleType, true));
        NUMERIC.forEach(c -> fields.add(DataTypes.createStructField(c, DataTypes.DoubleType, true)));
        CATEGORICAL.forEach(c -> fields.add(DataTypes.createStructField(c, DataTypes.StringType, true)));
        return TestSpark.get().read().option("header", "true").schema(DataTypes.createStructType(fields))
                .csv("data-samples/hourly_wages.csv").withColumn(RowChecks.FILE, functions.input_file_name())
                .repartition(2);
    }

    private static CheckedRows check(Dataset<Row> typed, long chunkCells) {
        return CheckedRows.check(typed, NUMERIC, CATEGORICAL, "wage", Task.REGRESSION, List.of(), MissingPolicy.MEAN, 1001,
                1001,
                null, chunkCells);
    }

    @Test
    void chunkedRowsAreTheRowsOfOneChunkPerPartition() {
        Dataset<Row> typed = typed().cache();
        CheckedRows whole = check(typed, IngestPass.CHUNK_CELLS);
        // 11 cells a row: chunks of 100 rows, so each partition of about 267 rows is cut in three.
        CheckedRows chunked = check(typed, 11 * 100);
        try {
            assertEquals(2, whole.chunks().count());
            assertEquals(6, chunked.chunks().count());
            assertEquals(whole.total(), chunked.total());
            assertEquals(534, chunked.total());
            assertEquals(whole.bad(), chunked.bad());
            for (int k = 0; k <= CATEGORICAL.size(); k++) {
                assertEquals(whole.distinct(k), chunked.distinct(k), "column " + k);
            }
            assertEquals(whole.toDataFrame(TestSpark.get()).collectAsList(),
                    chunked.toDataFrame(TestSpark.get()).collectAsList(), "the same rows in the same order");
            assertArrayEquals(whole.all().counts(), new long[] {sum(chunked.all().counts(), 0, 3),
                    sum(chunked.all().counts(), 3, 6)});

            // Blocks dealt by row number from all the rows: the same blocks, float for float.
            InputTable table = new InputTable(whole.toDataFrame(TestSpark.get()), NUMERIC, CATEGORICAL, null, "wage",
                    Task.REGRESSION, List.of(), whole.total(), whole.bad(), null, whole);
            FittedPreprocessing prep = new Preprocessing(table, MissingPolicy.MEAN, new PreprocessSpec(1.0, true))
                    .fit(whole.all(), TestSpark.get());
            Head head = new Head(Task.REGRESSION, 1, Activation.IDENTITY, LossName.MSE, List.of());
            List<Block> a = sorted(Blocks.pack(whole.all(), prep, MissingPolicy.MEAN, head, 3));
            List<Block> b = sorted(Blocks.pack(chunked.all(), prep, MissingPolicy.MEAN, head, 3));
            assertEquals(3, a.size());
            for (int w = 0; w < 3; w++) {
                assertEquals(a.get(w).rows(), b.get(w).rows());
                assertArrayEquals(a.get(w).x(), b.get(w).x(), "worker " + w);
                assertArrayEquals(a.get(w).y(), b.get(w).y(), "worker " + w);
            }

            // The split of chunked partitions: every row on exactly one side, about the fraction, the same twice.
            CheckedRows.Part[] sides = chunked.split(0.25, 11);
            long train = sum(sides[0].counts(), 0, 6);
            long val = sum(sides[1].counts(), 0, 6);
            assertEquals(534, train + val);
            assertTrue(val > 534 * 0.15 && val < 534 * 0.35, "validation rows " + val);
            assertArrayEquals(sides[1].counts(), chunked.split(0.25, 11)[1].counts());
            Set<Row> t = new HashSet<>(sides[0].toDataFrame(TestSpark.get()).collectAsList());
            List<Row> v = sides[1].toDataFrame(TestSpark.get()).collectAsList();
            v.forEach(r -> assertTrue(!t.contains(r) || duplicated(r, whole), "row on both sides: " + r));
        } finally {
            whole.release();
            chunked.release();
            typed.unpersist();
        }
    }

    private static boolean duplicated(Row r, CheckedRows rows) {
        return rows.toDataFrame(TestSpark.get()).collectAsList().stream().filter(r::equals).count() > 1;
    }

    private static long sum(long[] a, int from, int to) {
        long s = 0;
        for (int i = from; i < to; i++) {
            s += a[i];
        }
        return s;
    }

    private static List<Block> sorted(JavaRDD<Block> blocks) {
        List<Block> out = new ArrayList<>(blocks.collect());
        out.sort(java.util.Comparator.comparingInt(Block::partition));
        blocks.unpersist(false);
        return out;
    }
}
