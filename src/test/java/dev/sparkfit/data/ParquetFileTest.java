package dev.sparkfit.data;

import dev.sparkfit.config.DataFormat;
import dev.sparkfit.config.DataSource;
import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.Task;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parquet read without Spark SQL ({@link ParquetFile}) against Spark's reader: the same partitions, the same
 * probe counts and the same checked rows (counts, first bad row, distinct values, every cell in order) on
 * files of several row groups, split mid-file, with nulls, NaN, blank strings and every type the direct
 * path reads, written with dictionaries, plain values and version 2 pages.
 */
class ParquetFileTest {

    private static final List<String> NUMERIC = List.of("d", "f", "i", "l", "s", "b");
    private static final List<String> CATEGORICAL = List.of("flag", "cat");

    @TempDir
    Path dir;

    private static StructType schema() {
        return DataTypes.createStructType(List.of(
                DataTypes.createStructField("d", DataTypes.DoubleType, true),
                DataTypes.createStructField("label", DataTypes.StringType, true),
                DataTypes.createStructField("f", DataTypes.FloatType, true),
                DataTypes.createStructField("i", DataTypes.IntegerType, true),
                DataTypes.createStructField("l", DataTypes.LongType, true),
                DataTypes.createStructField("s", DataTypes.ShortType, true),
                DataTypes.createStructField("b", DataTypes.ByteType, true),
                DataTypes.createStructField("flag", DataTypes.BooleanType, true),
                DataTypes.createStructField("cat", DataTypes.StringType, true),
                DataTypes.createStructField("unused", DataTypes.LongType, true)));
    }

    /** Seeded rows; with {@code holes}, nulls in every column, blank strings and one NaN (a bad row). */
    private static Dataset<Row> rows(int n, boolean holes) {
        Random r = new Random(5);
        List<Row> rows = new ArrayList<>();
        String[] cats = {"red", "green", " blue ", "", "violet"};
        for (int k = 0; k < n; k++) {
            boolean hole = holes && r.nextInt(9) == 0;
            rows.add(RowFactory.create(
                    hole ? null : holes && k == 1234 ? Double.NaN : r.nextGaussian() * 1e3,
                    holes && k == 777 ? null : Integer.toString(r.nextInt(4)),
                    hole ? null : r.nextFloat(),
                    r.nextInt(100) - 50,
                    hole ? null : r.nextLong(),
                    (short) r.nextInt(1000),
                    (byte) r.nextInt(100),
                    hole ? null : r.nextBoolean(),
                    hole ? null : cats[r.nextInt(holes ? cats.length : 3)],
                    (long) k));
        }
        return TestSpark.get().createDataFrame(rows, schema());
    }

    /** The rows written as 3 files of several row groups each. */
    private Path write(String name, Dataset<Row> rows, Map<String, String> options) {
        Path p = dir.resolve(name);
        rows.repartition(3).write().options(options).option("parquet.block.size", 16_384).parquet(p.toString());
        return p;
    }

    @Test
    void directReadGivesSparksPartitionsProbeAndRows() {
        SparkSession spark = TestSpark.get();
        Dataset<Row> withHoles = rows(6000, true);
        Dataset<Row> full = rows(6000, false);
        List<Path> written = List.of(
                write("dictionary", withHoles, Map.of()),
                write("plain", withHoles, Map.of("parquet.enable.dictionary", "false")),
                write("v2", withHoles, Map.of("parquet.writer.version", "v2")),
                write("full", full, Map.of()));
        for (String maxBytes : new String[] {null, "20000"}) { // Spark's default splits, then splits mid-file
            if (maxBytes != null) {
                spark.conf().set("spark.sql.files.maxPartitionBytes", maxBytes);
                spark.conf().set("spark.sql.files.openCostInBytes", "1000");
            }
            try {
                for (Path p : written) {
                    compare(spark, p.toString(), p.getFileName() + " maxPartitionBytes " + maxBytes);
                }
            } finally {
                spark.conf().unset("spark.sql.files.maxPartitionBytes");
                spark.conf().unset("spark.sql.files.openCostInBytes");
            }
        }
    }

    private static void compare(SparkSession spark, String path, String what) {
        ParquetFile direct = ParquetFile.open(spark, path);
        assertNotNull(direct, what);
        Dataset<Row> raw = spark.read().parquet(path);
        assertEquals(raw.schema().toDDL(), direct.schema().toDDL(), what);
        assertEquals(CsvSplits.plan(spark, raw), direct.plan(), what + ": partitions");
        if (what.contains("20000")) {
            assertTrue(direct.plan().size() > 3, what + ": split mid-file, " + direct.plan().size() + " partitions");
        }

        List<String> all = new ArrayList<>(NUMERIC);
        all.addAll(CATEGORICAL);
        all.add("label");
        List<String> typedOnly = new ArrayList<>(NUMERIC); // counted from the row groups' statistics when no nulls
        typedOnly.add("flag");
        for (List<String> probed : List.of(all, typedOnly)) {
            ColumnProbe theirs = ColumnProbe.run(raw, probed);
            ColumnProbe ours = ColumnProbe.run(spark, DataReader.open(spark,
                    new DataSource.Files(path, DataFormat.PARQUET)), probed);
            for (String c : probed) {
                assertArrayEquals(theirs.counts(c), ours.counts(c), what + ": probe of " + c);
            }
        }

        for (Task task : new Task[] {Task.CLASSIFICATION, Task.REGRESSION}) {
            Dataset<Row> typed = raw.select(List.of("d", "label", "f", "i", "l", "s", "b", "flag", "cat").stream()
                    .map(functions::col).toArray(Column[]::new)).withColumn(RowChecks.FILE, functions.input_file_name());
            CheckedRows a = CheckedRows.check(typed, NUMERIC, CATEGORICAL, "label", task, List.of(),
                    MissingPolicy.MEAN, 100, 100, null);
            CheckedRows b = direct.check(spark, NUMERIC, CATEGORICAL, "label", task, List.of(), MissingPolicy.MEAN,
                    100, 100, null);
            try {
                String w = what + " " + task;
                assertEquals(6000, a.total(), w);
                assertEquals(a.total(), b.total(), w);
                assertEquals(a.bad(), b.bad(), w);
                assertArrayEquals(a.firstBad(), b.firstBad(), w);
                assertArrayEquals(a.all().counts(), b.all().counts(), w + ": rows per chunk");
                for (int k = 0; k <= CATEGORICAL.size(); k++) {
                    assertEquals(a.distinct(k), b.distinct(k), w + ": distinct " + k);
                }
                assertEquals(a.toDataFrame(spark).collectAsList(), b.toDataFrame(spark).collectAsList(), w);
            } finally {
                a.release();
                b.release();
            }
        }
    }

    @Test
    void nestedDecimalAndPartitionedInputsAreLeftToSpark() {
        SparkSession spark = TestSpark.get();
        Dataset<Row> base = rows(50, false);
        Path vectors = dir.resolve("arrays");
        base.withColumn("a", functions.array(functions.col("d"))).write().parquet(vectors.toString());
        Path decimals = dir.resolve("decimals");
        base.withColumn("m", functions.col("d").cast("decimal(10,2)")).write().parquet(decimals.toString());
        Path partitioned = dir.resolve("partitioned");
        base.write().partitionBy("flag").parquet(partitioned.toString());
        for (Path p : List.of(vectors, decimals, partitioned)) {
            assertNull(ParquetFile.open(spark, p.toString()), p.toString());
        }
        Path plain = dir.resolve("plain");
        base.write().parquet(plain.toString());
        assertNotNull(ParquetFile.open(spark, plain.toString()));
        spark.conf().set("spark.sql.parquet.mergeSchema", "true");
        try {
            assertNull(ParquetFile.open(spark, plain.toString()), "mergeSchema: Spark merges the files' schemas");
        } finally {
            spark.conf().unset("spark.sql.parquet.mergeSchema");
        }
    }
}
