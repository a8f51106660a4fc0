package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.testutil.Cli;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feature columns of Spark ML's vector type and arrays of numbers, named "features" as Spark ML pipelines
 * name them (the name sparkfit once used for its own column), and RFC 4180 CSV whose quoted text holds
 * commas, doubled quotes and line breaks: through the real command line, on the sample datasets.
 */
class VectorAndQuotedInputsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SHORT = {"--set", "training.epochs=3", "--set", "training.early_stopping.enabled=false"};
    private static final List<String> SAME = List.of("train_rows", "val_rows", "loss", "accuracy", "val_loss",
            "val_accuracy");

    @TempDir
    static Path dir;
    static Dataset<Row> iris;
    static JsonNode fromCsv;

    @BeforeAll
    static void csvBaseline() throws IOException {
        SparkSession spark = TestSpark.get();
        iris = spark.read().option("header", true).option("inferSchema", true).csv("data-samples/iris.csv").coalesce(1);
        fromCsv = SampleSpecsTest.train("conf/iris.yaml", dir.resolve("csv"), SHORT);
    }

    private static JsonNode train(String spec, String name, String... set) throws IOException {
        List<String> args = new ArrayList<>();
        for (String s : set) {
            args.add("--set");
            args.add(s);
        }
        args.addAll(List.of(SHORT));
        return SampleSpecsTest.train(spec, dir.resolve(name), args.toArray(new String[0]));
    }

    @Test
    void vectorColumnNamedFeaturesTrainsLikeItsColumns() throws IOException {
        Path p = dir.resolve("vector.parquet");
        new VectorAssembler().setInputCols(new String[] {"sepal_length", "sepal_width", "petal_length", "petal_width"})
                .setOutputCol("features").transform(iris).select("features", "species").write().parquet(p.toString());
        JsonNode m = train("conf/iris.yaml", "vector", "data.path=" + p);
        for (String k : SAME) {
            assertEquals(fromCsv.get(k), m.get(k), k + ": " + fromCsv + " vs " + m);
        }
        String meta = Files.readString(dir.resolve("vector/model/metadata.json"));
        assertTrue(meta.contains("\"features[3]\""), meta);
        // evaluate expands the column the same way: the model's metrics on all 150 rows, from either form
        Cli vec = Cli.run("evaluate", "--model", dir.resolve("vector/model").toString(), "--input", p.toString());
        Cli csv = Cli.run("evaluate", "--model", dir.resolve("csv/model").toString(), "--input", "data-samples/iris.csv");
        assertEquals(0, vec.exitCode(), vec.err());
        assertEquals(JSON.readTree(csv.lastLine()), JSON.readTree(vec.lastLine()));
        Cli pred = Cli.run("predict", "--model", dir.resolve("vector/model").toString(), "--input", p.toString(),
                "--output", dir.resolve("vector-pred.parquet").toString());
        assertEquals(0, pred.exitCode(), pred.err());
        assertEquals(150, TestSpark.get().read().parquet(dir.resolve("vector-pred.parquet").toString()).count());
    }

    @Test
    void floatArrayColumnTrains() throws IOException {
        Path p = dir.resolve("array.parquet");
        iris.select(array(col("sepal_length"), col("sepal_width"), col("petal_length"), col("petal_width"))
                .cast("array<float>").as("features"), col("species")).write().parquet(p.toString());
        JsonNode m = train("conf/iris.yaml", "array", "data.path=" + p);
        assertEquals(150, m.get("train_rows").asLong() + m.get("val_rows").asLong());
        assertTrue(m.get("val_accuracy").asDouble() > 0.5, m.toString());
    }

    @Test
    void arraysOfUnequalLengthAreABadRowWithItsPosition() {
        Path p = dir.resolve("ragged.parquet");
        Dataset<Row> arrays = iris.withColumn("i", monotonically_increasing_id()).select(
                array(col("sepal_length"), col("sepal_width"), col("petal_length"), col("petal_width")).as("a"),
                col("species"), col("i"));
        arrays.select(when(col("i").equalTo(6), slice(col("a"), 1, 3)).otherwise(col("a")).as("features"),
                col("species")).write().parquet(p.toString());
        Cli r = Cli.run("train", "--spec", "conf/iris.yaml", "--out", dir.resolve("ragged").toString(),
                "--set", "data.path=" + p);
        BadDataTest.assertRefused(r, p + ": row 7: column 'features' has 3 values, not 4 as in the first row",
                "1 of 150 rows are bad; data.bad_records: fail");
        assertTrue(!Files.exists(dir.resolve("ragged/model")), "no model");
    }

    /**
     * Titanic with every 10th name rewritten as {@code "Name, ""Nick""<newline>rest"}: commas, doubled quotes and a
     * line break inside quotes. Same 1309 rows and the same metrics as the plain file; a bad cell after the
     * multi-line records is reported at its physical line, and a bad record that spans lines at its first.
     */
    @Test
    void quotedFieldsWithCommasQuotesAndLineBreaks() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("data-samples/titanic.csv"), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(lines.get(0)).append('\n');
        StringBuilder bad = new StringBuilder(out);
        StringBuilder badSpanning = new StringBuilder(out);
        int physical = 1;
        int badLine = -1;
        int spanningLine = -1;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            String rewritten = line;
            if (i % 10 == 0 && line.startsWith("\"")) {
                int end = line.indexOf("\",");
                String name = line.substring(1, end);
                rewritten = "\"" + name.replaceFirst(", ", ", \"\"Nick\"\"\n") + line.substring(end);
            }
            out.append(rewritten).append('\n');
            String b = i == 1001 ? rewritten.replaceFirst(",(male|female),[^,]*,", ",$1,abc,") : rewritten;
            bad.append(b).append('\n');
            boolean spans = spanningLine < 0 && i >= 1001 && rewritten.contains("\n");
            badSpanning.append(spans ? rewritten.replaceFirst(",(male|female),[^,]*,", ",$1,abc,") : rewritten)
                    .append('\n');
            spanningLine = spans ? physical + 1 : spanningLine;
            physical += (int) rewritten.chars().filter(c -> c == '\n').count() + 1;
            if (i == 1001) {
                badLine = physical;
            }
        }
        assertTrue(out.toString().contains("\"\"Nick\"\"\n"), "the fixture has quoted line breaks");
        Path file = dir.resolve("titanic-multiline.csv");
        Files.writeString(file, out);
        JsonNode plain = train("conf/titanic.yaml", "titanic-plain");
        JsonNode quoted = train("conf/titanic.yaml", "titanic-quoted", "data.path=" + file);
        for (String k : SAME) {
            assertEquals(plain.get(k), quoted.get(k), k + ": " + plain + " vs " + quoted);
        }
        Path badFile = dir.resolve("titanic-multiline-bad.csv");
        Files.writeString(badFile, bad);
        Cli r = Cli.run("train", "--spec", "conf/titanic.yaml", "--out", dir.resolve("titanic-bad").toString(),
                "--set", "data.path=" + badFile);
        BadDataTest.assertRefused(r, badFile + ", line " + badLine + ": column 'age': 'abc' is not a number");
        // the bad row itself spans two lines: reported at its first
        Path spanning = dir.resolve("titanic-multiline-bad-spanning.csv");
        Files.writeString(spanning, badSpanning);
        assertTrue(spanningLine > 1000, "the fixture has a bad record with a line break");
        Cli s = Cli.run("train", "--spec", "conf/titanic.yaml", "--out", dir.resolve("titanic-bad2").toString(),
                "--set", "data.path=" + spanning);
        BadDataTest.assertRefused(s, spanning + ", line " + spanningLine + ": column 'age': 'abc' is not a number");
    }
}
