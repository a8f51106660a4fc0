package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.testutil.Cli;
import dev.sparkfit.testutil.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fixture per kind of bad input, each through the real command line: exit 3, one line naming the
 * file, the line (CSV rows), the column and the value, and nothing published. The fixtures are a
 * 200-row CSV built here with one line changed, so the expected line numbers can be read off the code.
 */
class BadDataTest {

    @TempDir
    static Path dir;
    static Path spec;
    static Path model;

    @BeforeAll
    static void specAndModel() throws IOException {
        spec = dir.resolve("bad.yaml");
        Files.writeString(spec, String.join("\n",
                "name: bad",
                "data: {path: unset.csv, label: label}",
                "model: {hidden: [{units: 4}]}",
                "training: {epochs: 1, validation_split: 0.2, workers: 2, early_stopping: {enabled: false}}", ""));
        // The one model these tests need is trained with one bad row skipped (see skippedRowsAreCounted...).
        Path run = dir.resolve("skip-run");
        Cli r = train(csv("skip-one.csv", l -> l.set(100, "1,2")), run, "--set", "data.bad_records=skip");
        assertEquals(0, r.exitCode(), r.err());
        model = run.resolve("model");
    }

    /** 200 rows: x (numeric), y (numeric), c (categorical), label p|q; line 1 is the header. */
    static Path csv(String name, Consumer<List<String>> edit) throws IOException {
        List<String> lines = new ArrayList<>(List.of("x,y,c,label"));
        for (int i = 0; i < 200; i++) {
            lines.add((i * 0.5) + "," + (i % 7) + "," + "abc".charAt(i % 3) + "," + (i % 2 == 0 ? "p" : "q"));
        }
        edit.accept(lines);
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    static Cli train(Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--spec", spec.toString(), "--set",
                "data.path=" + data, "--out", out.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(new String[0]));
    }

    /** Trains on a fixture expecting exit 3 and each of {@code parts} in one line; nothing is published. */
    static void refused(Path data, String[] more, String... parts) {
        Path out = dir.resolve("run-" + data.getFileName() + "-" + System.nanoTime());
        Cli r = train(data, out, more);
        assertRefused(r, parts);
        assertFalse(Files.exists(out.resolve("model")), "no model");
        assertFalse(Files.exists(out.resolve("_SUCCESS")), "no _SUCCESS");
    }

    static void assertRefused(Cli r, String... parts) {
        assertEquals(3, r.exitCode(), r.err() + r.out());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        for (String p : parts) {
            assertTrue(r.err().contains(p), "'" + p + "' missing in: " + r.err());
        }
    }

    @Test
    void tooFewFields() throws IOException {
        Path f = csv("few.csv", l -> l.set(4, "1.5,2,a"));
        refused(f, new String[0], f + ", line 5: wrong number of fields in line: 1.5,2,a", "1 of 200 rows are bad");
    }

    @Test
    void tooManyFields() throws IOException {
        Path f = csv("many.csv", l -> l.set(9, "1.5,2,a,p,extra"));
        refused(f, new String[0], f + ", line 10: wrong number of fields in line: 1.5,2,a,p,extra");
    }

    @Test
    void textInANumericColumn() throws IOException {
        Path f = csv("text.csv", l -> l.set(149, "abc,2,a,p")); // 1 of 200: x stays numeric
        refused(f, new String[0], f + ", line 150: column 'x': 'abc' is not a number");
    }

    @Test
    void nanInAFeature() throws IOException {
        Path f = csv("nan.csv", l -> l.set(19, "1.0,NaN,a,p"));
        refused(f, new String[0], f + ", line 20: column 'y': 'NaN' is not a finite number");
    }

    @Test
    void infinityInAFeature() throws IOException {
        Path f = csv("inf.csv", l -> l.set(29, "-Infinity,1,b,q"));
        refused(f, new String[0], f + ", line 30: column 'x': '-Infinity' is not a finite number");
    }

    @Test
    void anEmptyLabel() throws IOException {
        Path f = csv("nolabel.csv", l -> l.set(39, "1.0,2,a,"));
        refused(f, new String[0], f + ", line 40: empty label in column 'label'");
    }

    @Test
    void aNaNInAParquetFileNamesTheFileButNoLine() {
        Path f = dir.resolve("nan.parquet");
        TestSpark.get().sql("SELECT CAST(id AS DOUBLE) AS x, CAST(id % 7 AS DOUBLE) AS y, 'a' AS c, "
                + "IF(id % 2 = 0, 'p', 'q') AS label FROM range(200)").selectExpr("IF(x = 17, CAST('NaN' AS DOUBLE), x) AS x",
                "y", "c", "label").coalesce(1).write().parquet(f.toString());
        refused(f, new String[0], f + "/part-00000", ".parquet: column 'x': 'NaN' is not a finite number");
    }

    @Test
    void aParquetFileWhoseFooterDoesNotDecodeIsNamed() throws IOException {
        Path f = dir.resolve("cut.parquet");
        TestSpark.get().sql("SELECT CAST(id AS DOUBLE) AS x, CAST(id % 7 AS DOUBLE) AS y, 'a' AS c, "
                + "IF(id % 2 = 0, 'p', 'q') AS label FROM range(200)").coalesce(1).write().parquet(f.toString());
        Path part;
        try (var files = Files.list(f)) {
            part = files.filter(p -> p.getFileName().toString().matches("part-.*\\.parquet")).findFirst().orElseThrow();
        }
        byte[] whole = Files.readAllBytes(part);
        byte[] overwritten = whole.clone(); // the tail's magic kept, the footer before it overwritten
        java.util.Arrays.fill(overwritten, overwritten.length - 120, overwritten.length - 8, (byte) 0x55);
        // With the checksum Hadoop wrote beside the part (a stale one now), then as a file copied without it.
        Files.write(part, overwritten);
        refused(f, new String[0], "data.path: '", part.getFileName() + "' is not a readable Parquet file (");
        Files.delete(part.resolveSibling("." + part.getFileName() + ".crc"));
        refused(f, new String[0], "data.path: '", part.getFileName() + "' is not a readable Parquet file (");
        Files.write(part, java.util.Arrays.copyOf(whole, whole.length / 2)); // cut: no footer, no magic at the tail
        refused(f, new String[0], "data.path: '", part.getFileName() + "' is not a readable Parquet file (",
                "is not a Parquet file");
    }

    @Test
    void aMissingOrEmptyPath() throws IOException {
        refused(dir.resolve("nope.csv"), new String[0], "data.path: '" + dir.resolve("nope.csv") + "' does not exist");
        Path empty = Files.createDirectories(dir.resolve("empty-folder"));
        refused(empty, new String[0], "data.path: '" + empty + "' is empty");
        Path headerOnly = Files.writeString(dir.resolve("header.csv"), "x,y,c,label\n");
        refused(headerOnly, new String[0], headerOnly + ": no data rows");
    }

    @Test
    void aHeaderCellWithoutAName() throws IOException {
        Path f = csv("noname.csv", l -> l.set(0, "x,,c,label"));
        refused(f, new String[0], f + ": line 1 (the header): column 2 has no name");
    }

    @Test
    void aMissingLabelColumn() throws IOException {
        Path f = csv("label.csv", l -> { });
        refused(f, new String[] {"--set", "data.label=target"}, f + ": data.label: no column 'target'",
                "columns: x, y, c, label");
    }

    @Test
    void aValidationSplitThatLeavesNoRows() throws IOException {
        Path f = csv("tiny.csv", l -> l.subList(3, l.size()).clear());
        refused(f, new String[] {"--set", "training.validation_split=0.01"},
                "training.validation_split 0.01 of 2 rows leaves no validation rows");
    }

    @Test
    void fewerRowsThanWorkers() throws IOException {
        Path f = csv("three.csv", l -> l.subList(4, l.size()).clear());
        refused(f, new String[] {"--set", "training.validation_split=0", "--set", "training.workers=8"},
                "3 training rows cannot feed 8 workers (set training.workers to at most 3)");
    }

    @Test
    void aFoldThatWouldBeEmpty() throws IOException {
        Path f = csv("cv.csv", l -> l.subList(4, l.size()).clear());
        Path out = dir.resolve("cv-run");
        Cli r = Cli.run("cv", "--spec", spec.toString(), "--set", "data.path=" + f, "--folds", "5",
                "--out", out.toString());
        assertRefused(r, "cv.folds: 5 folds need at least 5 rows, the data has 3; a fold would be empty");
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
    }

    @Test
    void skippedRowsAreCountedAndTooManyStillFail() throws IOException {
        Path out = dir.resolve("skip-run");
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        assertEquals(1, new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).get("skipped_rows").asInt());
        Path five = csv("skip-five.csv", l -> {
            for (int i = 1; i <= 5; i++) {
                l.set(20 * i, "1,2");
            }
        });
        refused(five, new String[] {"--set", "data.bad_records=skip"}, five + ", line 21: wrong number of fields",
                "5 of 200 rows are bad; that is more than data.max_bad_fraction 0.01");
    }

    @Test
    void evaluateRefusesALabelTheModelNeverSaw() throws IOException {
        Path f = csv("unseen.csv", l -> l.set(11, "5.0,1,a,r"));
        Cli r = Cli.run("evaluate", "--model", model.toString(), "--input", f.toString());
        assertRefused(r, f + ", line 12: label 'label': 'r' was never seen in training (classes: p, q)");
    }

    @Test
    void predictRefusesInputWithoutAFeatureColumn() throws IOException {
        Path f = Files.writeString(dir.resolve("noy.csv"), "x,c\n1.0,a\n2.0,b\n");
        Path out = dir.resolve("pred-out.csv");
        Cli r = Cli.run("predict", "--model", model.toString(), "--input", f.toString(), "--output", out.toString());
        assertRefused(r, f + ": the model's feature column(s) [y] not found (columns: x, c)");
        assertFalse(Files.exists(out));
    }
}
