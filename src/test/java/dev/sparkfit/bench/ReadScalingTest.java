package dev.sparkfit.bench;

import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read-scaling cells work end to end on a few hundred rows, CSV and Parquet (the timing is a benchmark). */
class ReadScalingTest {

    @TempDir
    Path dir;

    @Test
    void multipliedCsvAndParquetAreReadAndCheckedWithEveryRow() throws IOException {
        SparkSession spark = TestSpark.get();
        Path train = BenchSmokeTest.digits(dir.resolve("train.csv"), 300, 1);
        Path x3 = new ReadScaling(train, List.of(1, 3), dir, s -> { }).csv(dir, 3);
        assertEquals(1 + 3 * 300, Files.readAllLines(x3).size());
        ReadScalingWorker.Cell c = ReadScalingWorker.run(spark, "csv", 3, x3.toString());
        assertEquals(900, c.rows());
        assertTrue(c.seconds() > 0 && c.arraysMb() > 0, c.toString());
        Path p1 = dir.resolve("train-x1.parquet");
        spark.read().option("header", true).option("inferSchema", true).csv(train.toString()).write().parquet(p1.toString());
        ReadScalingWorker.Cell p = ReadScalingWorker.run(spark, "parquet", 3, ReadScaling.parquet(dir, p1, 3).toString());
        assertEquals(900, p.rows());
        assertEquals("parquet", p.format());
    }
}
