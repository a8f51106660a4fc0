package dev.sparkfit.data;

import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.Task;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The direct CSV reader against Spark's: the same numbers bit for bit, and the same checked rows (partitions,
 * rows, cells, bad-row counts and reasons, distinct values) on the sample datasets and on a file of awkward
 * lines split into many parts. {@code -Dsparkfit.csvCompare=FILE} compares one more file (e.g. MNIST's).
 */
class CsvSplitReaderTest {

    @TempDir
    Path dir;

    @Test
    void numbersAreTheDoublesParseDoubleGives() {
        List<String> cells = new ArrayList<>(List.of("0", "-0", "+0", "0.0", "-0.0", "255", "007", "1.", ".5", "-.5",
                "+.5", "1e3", "1E-3", "-2.5e+10", "NaN", "-Infinity", "Infinity", "1d", "2f", "0x1p3", "1.2.3", "-",
                "+", ".", "abc", "1,5", "0.1", "0.30000000000000004", "123456789012345", "1234567890123456",
                "9007199254740993", "1.0000000000000002", "4.9e-324", "1e400", "12345678901234567890"));
        Random r = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            int digits = 1 + r.nextInt(17);
            StringBuilder b = new StringBuilder(r.nextInt(4) == 0 ? "-" : "");
            int dot = r.nextInt(digits + 2);
            for (int d = 0; d < digits; d++) {
                b.append(d == dot ? "." : "").append((char) ('0' + r.nextInt(10)));
            }
            cells.add(b.toString());
        }
        for (int i = 0; i <= 1000; i++) {
            cells.add(Integer.toString(i));
            cells.add(Double.toString(i / 255.0));
        }
        for (String c : cells) {
            byte[] b = ("  " + c + " ").getBytes(StandardCharsets.UTF_8);
            double got = CsvNumbers.parse(b, 2, b.length - 1);
            Double want;
            try {
                want = Double.parseDouble(c);
            } catch (NumberFormatException e) {
                want = null;
            }
            if (want == null) {
                assertTrue(CsvNumbers.notANumber(got), c);
            } else {
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), c);
            }
        }
    }

    @Test
    void sampleDatasetsReadAsSparkReadsThem() {
        for (String f : List.of("digits.csv", "hourly_wages.csv", "iris.csv")) {
            compare(Path.of("data-samples", f).toAbsolutePath().toString(), 0);
        }
        String extra = System.getProperty("sparkfit.csvCompare");
        if (extra != null) {
            compare(extra, 0);
        }
    }

    @Test
    void awkwardLinesInManySplitsReadAsSparkReadsThem() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("awkward"));
        StringBuilder a = new StringBuilder("\uFEFFx, y ,name,label\r\n");
        Random r = new Random(3);
        for (int i = 0; i < 3000; i++) {
            String line = switch (i % 97) {
                case 5 -> "1,2,tooshort";
                case 6 -> "1,2,x,a,extra";
                case 7 -> "abc,2,x,a";
                case 8 -> "NaN,2,x,b";
                case 9 -> "   ";
                case 10 -> "";
                case 11 -> ",,, ";
                case 12 -> "1e3, -0 ,caf\u00e9 ,c";
                default -> (r.nextInt(1000) / 7.0) + " , " + r.nextInt(300) + "," + (char) ('p' + r.nextInt(5))
                        + "," + (char) ('a' + r.nextInt(3));
            };
            a.append(line).append(i % 3 == 0 ? "\r\n" : i % 3 == 1 ? "\n" : "\r");
        }
        Files.writeString(folder.resolve("part-0.csv"), a.toString());
        Files.writeString(folder.resolve("part-1.csv"), "x,y,name,label\n\n5,6,q,a\n7,8,r,b");
        compare(folder.toString(), 4096); // many splits per file: lines cut at every boundary
    }

    @Test
    void quotedFieldsAreLeftToSpark() {
        SparkSession spark = TestSpark.get();
        String path = Path.of("data-samples", "titanic.csv").toAbsolutePath().toString();
        Dataset<Row> raw = DataReader.read(spark, path, dev.sparkfit.config.DataFormat.CSV);
        assertNull(CsvSplits.probe(spark, raw, List.of("age"), 100));
        assertNull(CsvSplits.check(spark, DataReader.readCsv(spark, path, strings(raw), false), List.of(), List.of(),
                "survived", Task.CLASSIFICATION, List.of(), MissingPolicy.MEAN, 10, 10, null));
    }

    private static StructType strings(Dataset<Row> raw) {
        return DataTypes.createStructType(Arrays.stream(raw.schema().fields())
                .filter(f -> !f.name().equals(DataReader.CORRUPT)).toList());
    }

    private void compare(String path, long maxPartitionBytes) {
        SparkSession spark = TestSpark.get();
        String old = spark.conf().get("spark.sql.files.maxPartitionBytes");
        if (maxPartitionBytes > 0) {
            spark.conf().set("spark.sql.files.maxPartitionBytes", maxPartitionBytes);
            spark.conf().set("spark.sql.files.openCostInBytes", 0L);
        }
        try {
            Dataset<Row> raw = DataReader.read(spark, path, dev.sparkfit.config.DataFormat.CSV);
            List<String> cols = new ArrayList<>(Arrays.asList(strings(raw).fieldNames()));
            String label = cols.remove(cols.size() - 1);
            ColumnProbe probe = ColumnProbe.run(raw, cols);
            long[] direct = CsvSplits.probe(spark, raw, cols, ColumnProbe.SAMPLE_ROWS);
            assertNotNull(direct, path);
            List<String> numeric = new ArrayList<>(), categorical = new ArrayList<>();
            for (int i = 0; i < cols.size(); i++) {
                assertArrayEquals(probe.counts(cols.get(i)), new long[] {direct[2 * i], direct[2 * i + 1]}, cols.get(i));
                (probe.isNumeric(cols.get(i), 0.2) ? numeric : categorical).add(cols.get(i));
            }
            List<StructField> fields = new ArrayList<>();
            for (StructField f : strings(raw).fields()) {
                fields.add(DataTypes.createStructField(f.name(), numeric.contains(f.name())
                        ? DataTypes.DoubleType : DataTypes.StringType, true));
            }
            StructType typed = DataTypes.createStructType(fields);
            List<StructField> withCorrupt = new ArrayList<>(fields);
            withCorrupt.add(DataTypes.createStructField(DataReader.CORRUPT, DataTypes.StringType, true));
            CheckedRows spark0 = CheckedRows.check(DataReader.readCsv(spark, path,
                            DataTypes.createStructType(withCorrupt), false).withColumn(RowChecks.FILE, functions.input_file_name()),
                    numeric, categorical, label, Task.CLASSIFICATION, List.of(), MissingPolicy.MEAN, 50, 50, null);
            CheckedRows direct0 = CsvSplits.check(spark, DataReader.readCsv(spark, path, typed, false), numeric,
                    categorical, label, Task.CLASSIFICATION, List.of(), MissingPolicy.MEAN, 50, 50, null);
            assertNotNull(direct0, path);
            List<RowChunk> want = spark0.chunks().collect(), got = direct0.chunks().collect();
            assertEquals(want.size(), got.size(), path + ": partitions");
            for (int p = 0; p < want.size(); p++) {
                RowChunk w = want.get(p), g = got.get(p);
                assertEquals(w.summary, g.summary, path + " partition " + p);
                assertEquals(w.rows, g.rows);
                assertArrayEquals(bits(w.x), bits(g.x), path + " partition " + p + ": numbers");
                assertArrayEquals(w.cats, g.cats);
                assertArrayEquals(w.classes, g.classes);
            }
            assertTrue(spark0.total() > 0);
            // One plain file opened without Spark SQL: the same header, partitions and probe counts.
            CsvFile file = Files.isRegularFile(Path.of(path)) ? CsvFile.open(spark, path, head(path)) : null;
            assertEquals(Files.isRegularFile(Path.of(path)), file != null, path + ": a single file opens directly");
            if (file == null) {
                spark0.release();
                return;
            }
            assertEquals(List.of(strings(raw).fieldNames()), file.columns(), path + ": header");
            assertEquals(CsvSplits.plan(spark, raw), file.plan(), path + ": splits");
            assertArrayEquals(direct, file.probe(spark, cols, ColumnProbe.SAMPLE_ROWS), path + ": probe");
            CheckedRows file0 = CsvSplits.check(spark, file.plan(), typed, numeric, categorical, label,
                    Task.CLASSIFICATION, List.of(), MissingPolicy.MEAN, 50, 50, null);
            List<RowChunk> fromFile = file0.chunks().collect();
            assertEquals(got.size(), fromFile.size());
            for (int p = 0; p < got.size(); p++) {
                assertEquals(got.get(p).summary, fromFile.get(p).summary, path + " partition " + p);
                assertArrayEquals(bits(got.get(p).x), bits(fromFile.get(p).x));
            }
            file0.release();
            spark0.release();
            direct0.release();
        } finally {
            spark.conf().set("spark.sql.files.maxPartitionBytes", old);
            spark.conf().unset("spark.sql.files.openCostInBytes");
        }
    }

    private static byte[] head(String path) {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void headerNamesAreSparks() throws IOException {
        SparkSession spark = TestSpark.get();
        for (String header : List.of(" a,B,b, c ,a ", "x,X,y,x", "\uFEFFp,q", "one", "a,,b", "m,n,")) {
            Path f = dir.resolve("h" + Math.abs(header.hashCode()) + ".csv");
            Files.writeString(f, "\n  \n" + header + "\n1,2,3,4,5\n", StandardCharsets.UTF_8);
            String[] want = spark.read().option("header", true).option("quote", "\"").option("escape", "\"")
                    .csv(f.toString()).schema().fieldNames();
            String first = header.startsWith("\uFEFF") ? header.substring(1) : header;
            assertArrayEquals(want, CsvFile.safeHeader(first.split(",", -1), false), header);
        }
    }

    @Test
    void splitsAreSparksForManySizes() throws IOException {
        SparkSession spark = TestSpark.get();
        Path f = dir.resolve("sizes.csv");
        StringBuilder b = new StringBuilder("a,b\n");
        for (int i = 0; i < 20_000; i++) {
            b.append(i).append(',').append(i % 7).append('\n');
        }
        Files.writeString(f, b.toString());
        String old = spark.conf().get("spark.sql.files.maxPartitionBytes");
        try {
            for (long max : new long[] {1000, 4096, 65_536, 100_000, 128L << 20}) {
                spark.conf().set("spark.sql.files.maxPartitionBytes", max);
                for (String open : new String[] {"0", "100", "4194304"}) {
                    spark.conf().set("spark.sql.files.openCostInBytes", open);
                    Dataset<Row> raw = DataReader.read(spark, f.toString(), dev.sparkfit.config.DataFormat.CSV);
                    CsvFile file = CsvFile.open(spark, f.toString(), Files.readAllBytes(f));
                    assertEquals(CsvSplits.plan(spark, raw), file.plan(), "maxPartitionBytes " + max + ", open " + open);
                }
            }
        } finally {
            spark.conf().set("spark.sql.files.maxPartitionBytes", old);
            spark.conf().unset("spark.sql.files.openCostInBytes");
        }
    }

    private static long[] bits(double[] x) {
        return Arrays.stream(x).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
