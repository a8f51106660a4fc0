package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.testutil.Cli;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data a Spark team has besides CSV files, through the real command line: a table of a real Hive metastore
 * (embedded Derby, in a temporary folder), a SQL query, ORC files; the same rows give the same metrics
 * whatever they come from. Bad sources are one line and exit 3.
 */
class CatalogInputsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SHORT = {"--set", "training.epochs=3", "--set", "training.early_stopping.enabled=false"};

    @TempDir
    static Path dir;
    static Path parquet;
    static JsonNode fromCsv;

    @BeforeAll
    static void tables() throws IOException {
        SparkSession spark = TestSpark.get();
        Dataset<Row> iris = spark.read().option("header", true).option("inferSchema", true).csv("data-samples/iris.csv");
        parquet = dir.resolve("iris.parquet");
        iris.coalesce(1).write().parquet(parquet.toString());
        iris.coalesce(1).write().orc(dir.resolve("iris-orc").toString());
        spark.sql("CREATE DATABASE IF NOT EXISTS sparkfit_test");
        spark.sql("DROP TABLE IF EXISTS sparkfit_test.iris");
        iris.coalesce(1).write().saveAsTable("sparkfit_test.iris");
        fromCsv = SampleSpecsTest.train("conf/iris.yaml", dir.resolve("csv"), SHORT);
    }

    private static JsonNode train(String name, String... set) throws IOException {
        String[] args = new String[set.length * 2 + SHORT.length];
        for (int i = 0; i < set.length; i++) {
            args[2 * i] = "--set";
            args[2 * i + 1] = set[i];
        }
        System.arraycopy(SHORT, 0, args, set.length * 2, SHORT.length);
        return SampleSpecsTest.train("conf/iris.yaml", dir.resolve(name), args);
    }

    /** The metrics that depend on the rows and the seed only (not on timings). */
    private static void assertSameMetrics(JsonNode expected, JsonNode actual) {
        for (String k : List.of("train_rows", "val_rows", "loss", "accuracy", "val_loss", "val_accuracy")) {
            assertEquals(expected.get(k), actual.get(k), k + ": " + expected + " vs " + actual);
        }
    }

    @Test
    void catalogTableTrainsLikeTheCsv() throws IOException {
        assertSameMetrics(fromCsv, train("table", "data.table=sparkfit_test.iris"));
    }

    @Test
    void parquetAndOrcTrainLikeTheCsv() throws IOException {
        assertSameMetrics(fromCsv, train("parquet", "data.path=" + parquet));
        assertSameMetrics(fromCsv, train("orc", "data.path=" + dir.resolve("iris-orc"))); // a folder of .orc files
    }

    @Test
    void sqlQueryOverFiles() throws IOException {
        assertSameMetrics(fromCsv, train("sql", "data.sql=SELECT * FROM parquet.`" + parquet + "`"));
    }

    @Test
    void evaluateAndPredictReadATableAndWriteOne() throws IOException {
        Path model = dir.resolve("csv/model");
        Cli fromFile = Cli.run("evaluate", "--model", model.toString(), "--input", "data-samples/iris.csv");
        Cli fromTable = Cli.run("evaluate", "--model", model.toString(), "--input-table", "sparkfit_test.iris");
        assertEquals(0, fromTable.exitCode(), fromTable.err());
        assertEquals(JSON.readTree(fromFile.lastLine()), JSON.readTree(fromTable.lastLine()));
        Cli fromSql = Cli.run("evaluate", "--model", model.toString(), "--input-sql",
                "SELECT * FROM sparkfit_test.iris WHERE species = 0");
        assertEquals(50, JSON.readTree(fromSql.lastLine()).get("rows").asLong(), fromSql.err());

        TestSpark.get().sql("DROP TABLE IF EXISTS sparkfit_test.scored");
        Cli p = Cli.run("predict", "--model", model.toString(), "--input-table", "sparkfit_test.iris",
                "--output-table", "sparkfit_test.scored");
        assertEquals(0, p.exitCode(), p.err());
        assertTrue(p.out().contains("wrote 150 predictions to table sparkfit_test.scored"), p.out());
        Dataset<Row> scored = TestSpark.get().table("sparkfit_test.scored");
        assertEquals(150, scored.count());
        assertTrue(List.of(scored.columns()).containsAll(List.of("species", "prediction", "probability_0")));
        assertEquals(0, TestSpark.get().sql("SHOW TABLES IN sparkfit_test LIKE '__sparkfit_tmp*'").count());
        Cli again = Cli.run("predict", "--model", model.toString(), "--input-table", "sparkfit_test.iris",
                "--output-table", "sparkfit_test.scored");
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("table sparkfit_test.scored already exists"), again.err());
    }

    @Test
    void badSourcesAreOneLineAndExit3() {
        Cli missing = Cli.run("train", "--spec", "conf/iris.yaml", "--out", dir.resolve("x1").toString(),
                "--set", "data.table=sparkfit_test.nope");
        assertEquals(3, missing.exitCode(), missing.err());
        assertEquals("sparkfit: data.table: 'sparkfit_test.nope' is not a table or view of the hive catalog",
                missing.err().strip());
        Cli syntax = Cli.run("train", "--spec", "conf/iris.yaml", "--out", dir.resolve("x2").toString(),
                "--set", "data.sql=SELEC * FORM sparkfit_test.iris");
        assertEquals(3, syntax.exitCode(), syntax.err());
        assertTrue(syntax.err().startsWith("sparkfit: data.sql: ") && syntax.err().contains("SELEC"), syntax.err());
        assertEquals(1, syntax.err().strip().lines().count(), syntax.err());
        Cli unknown = Cli.run("evaluate", "--model", dir.resolve("csv/model").toString(), "--input-sql",
                "SELECT * FROM sparkfit_test.nope");
        assertEquals(3, unknown.exitCode(), unknown.err());
        assertTrue(unknown.err().contains("`sparkfit_test`.`nope` cannot be found"), unknown.err());
        Cli drop = Cli.run("train", "--spec", "conf/iris.yaml", "--out", dir.resolve("x3").toString(),
                "--set", "data.sql=DROP TABLE sparkfit_test.iris");
        assertEquals(3, drop.exitCode(), drop.err());
        assertTrue(drop.err().contains("is not a query"), drop.err());
        assertTrue(TestSpark.get().catalog().tableExists("sparkfit_test.iris"), "a refused statement never runs");
        Cli both = Cli.run("train", "--spec", "conf/iris.yaml", "--out", dir.resolve("x4").toString(),
                "--set", "data={path: data-samples/iris.csv, table: sparkfit_test.iris, label: species}");
        assertEquals(2, both.exitCode(), both.err());
        assertEquals("sparkfit: conf/iris.yaml: data: give one of path, table, sql, not path and table",
                both.err().strip());
        assertFalse(both.err().contains("Exception"));
    }
}
