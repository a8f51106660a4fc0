package dev.sparkfit.artifact;

import dev.sparkfit.io.Manifest;
import dev.sparkfit.testutil.Cli;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Models saved by earlier releases keep loading. {@code models/titanic-format-1} is a model directory
 * as {@code sparkfit train} saved it in format version 1 (titanic.yaml on the first 60 rows of
 * data-samples/titanic.csv, one hidden layer of 4, two epochs), committed as it was written;
 * {@code titanic-format-1.predictions.csv} is what that release's {@code predict} wrote for the first
 * ten rows. When metadata.json gains a field, this model lacks it and must still load and predict the same.
 */
class ModelFormatFixtureTest {

    static final Path FIXTURE = Path.of("src/test/resources/models/titanic-format-1");
    static final Path PREDICTIONS = Path.of("src/test/resources/models/titanic-format-1.predictions.csv");

    @TempDir
    Path dir;

    @Test
    void loadsWithTheMetadataItWasSavedWith() throws IOException {
        TestSpark.get();
        ModelStore.LoadedModel m = ModelStore.load(FIXTURE);
        assertEquals(1, m.metadata().formatVersion());
        assertEquals("survived", m.metadata().label());
        assertEquals(List.of("no", "yes"), m.metadata().classes());
        assertEquals(List.of("age"), m.metadata().numericColumns());
        assertEquals(List.of("sex", "passengerClass"), m.metadata().categoricalColumns());
        assertEquals(m.metadata().nIn(), m.network().layerInputSize(0));
    }

    @Test
    void predictsWhatTheReleaseThatSavedItPredicted() throws IOException {
        Path input = dir.resolve("ten.csv");
        Files.write(input, Files.readAllLines(Path.of("data-samples/titanic.csv")).subList(0, 11));
        Path out = dir.resolve("pred.parquet");
        Cli r = Cli.run("predict", "--model", FIXTURE.toString(), "--input", input.toString(), "--output", out.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        Map<String, Row> got = new HashMap<>();
        for (Row row : TestSpark.get().read().parquet(out.toString()).collectAsList()) {
            got.put(row.getString(row.fieldIndex("name")), row);
        }
        List<String[]> expected = Files.readAllLines(PREDICTIONS).stream().skip(1).map(ModelFormatFixtureTest::split)
                .toList();
        assertEquals(10, expected.size());
        assertEquals(10, got.size());
        for (String[] e : expected) {
            Row row = got.get(e[0]);
            assertEquals(e[1], row.getString(row.fieldIndex("prediction")), e[0]);
            assertEquals(Double.parseDouble(e[2]), row.getDouble(row.fieldIndex("probability_yes")), 1e-6, e[0]);
        }
    }

    @Test
    void fieldsItDoesNotKnowAreIgnored() throws IOException {
        TestSpark.get();
        Path copy = dir.resolve("model");
        try (Stream<Path> s = Files.walk(FIXTURE)) {
            for (Path p : s.toList()) {
                Files.copy(p, copy.resolve(FIXTURE.relativize(p).toString()));
            }
        }
        Path meta = copy.resolve(ModelStore.METADATA);
        Files.writeString(meta, Files.readString(meta).replaceFirst("\\{",
                "{\"addedLater\" : {\"nested\" : [1, 2]}, \"anotherNumber\" : 3,"));
        Files.delete(copy.resolve(Manifest.FILE));
        Manifest.write(copy);
        assertEquals(ModelStore.load(FIXTURE).metadata(), ModelStore.load(copy).metadata());
    }

    /** A line of the expected predictions: name (quoted, may hold commas), prediction, probability_yes. */
    private static String[] split(String line) {
        int end = line.lastIndexOf(',');
        int mid = line.lastIndexOf(',', end - 1);
        String name = line.substring(0, mid);
        if (name.startsWith("\"")) {
            name = name.substring(1, name.length() - 1).replace("\"\"", "\"");
        }
        return new String[] {name, line.substring(mid + 1, end), line.substring(end + 1)};
    }
}
