package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.testutil.Cli;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every spec in conf/ is trained through the real command line on real Spark local[2] and real DL4J,
 * reaches the score the README states, and gives the metrics recorded in
 * {@code src/test/resources/sample-specs-metrics.json} on either Spark line (3.5 and 4.x: CI runs this
 * test on both). When a change of the engine moves them on purpose, rerun with
 * {@code -Dsparkfit.regenerate=true} to rewrite that file, and say why in the commit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleSpecsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static JsonNode train(String spec, Path out, String... extra) throws IOException {
        String[] args = Stream.concat(Stream.of("train", "--spec", spec, "--out", out.toString()), Stream.of(extra))
                .toArray(String[]::new);
        Cli r = Cli.run(args);
        assertEquals(0, r.exitCode(), r.err() + r.out());
        for (String f : List.of("spec.yaml", "history.csv", "history.json", "metrics.json", "report.html",
                "plots/loss.png", "model/model.zip", "model/metadata.json", "model/preprocessing", "_SUCCESS")) {
            assertTrue(Files.exists(out.resolve(f)), f + " missing in " + out);
        }
        JsonNode last = JSON.readTree(r.lastLine());
        assertEquals(JSON.readTree(out.resolve("metrics.json").toFile()), last, "last stdout line is metrics.json");
        assertTrue(r.out().contains("epoch 1/"), r.out());
        return last;
    }

    private static final Path GOLDEN = Path.of("src/test/resources/sample-specs-metrics.json");
    private static final List<String> PINNED = List.of("val_loss", "loss", "best_epoch", "epochs_run", "train_rows");

    /** The recorded metrics of {@code name}'s run (to 1e-9 relative), or, when regenerating, records them. */
    static void matchesRecorded(String name, JsonNode metrics) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode all = (com.fasterxml.jackson.databind.node.ObjectNode)
                JSON.readTree(GOLDEN.toFile());
        if (Boolean.getBoolean("sparkfit.regenerate")) {
            com.fasterxml.jackson.databind.node.ObjectNode n = all.putObject(name);
            PINNED.forEach(k -> n.set(k, metrics.get(k)));
            JSON.writerWithDefaultPrettyPrinter().writeValue(GOLDEN.toFile(), all);
            return;
        }
        for (String k : PINNED) {
            double want = all.get(name).get(k).asDouble();
            assertEquals(want, metrics.get(k).asDouble(), Math.abs(want) * 1e-9,
                    name + " " + k + " on Spark " + dev.sparkfit.config.SparkLine.VERSION);
        }
    }

    @Test
    @Order(1)
    void everySpecInConfIsCoveredHere() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("conf"))) {
            List<String> specs = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
            assertEquals(List.of("hourly-wages.yaml", "iris.yaml", "titanic.yaml"), specs,
                    "a new spec in conf/ needs its own test here");
        }
    }

    @Test
    @Order(2)
    void titanicReachesValidationAccuracyOf076() throws IOException {
        JsonNode m = train("conf/titanic.yaml", dir.resolve("titanic"));
        assertTrue(m.get("val_accuracy").asDouble() >= 0.76, m.toString());
        matchesRecorded("titanic", m);
        assertEquals(1309, m.get("train_rows").asLong() + m.get("val_rows").asLong());
        String report = Files.readString(dir.resolve("titanic/report.html"));
        assertTrue(report.contains("Confusion") || report.contains("confusion"), "report has a confusion matrix");
    }

    @Test
    @Order(3)
    void irisReachesValidationAccuracyOf093() throws IOException {
        JsonNode m = train("conf/iris.yaml", dir.resolve("iris"));
        assertTrue(m.get("val_accuracy").asDouble() >= 0.93, m.toString());
        matchesRecorded("iris", m);
    }

    @Test
    @Order(4)
    void hourlyWagesBeatsPredictingTheMean() throws IOException {
        JsonNode m = train("conf/hourly-wages.yaml", dir.resolve("wages"));
        assertTrue(m.get("val_mae").asDouble() < m.get("baseline_val_mae").asDouble(), m.toString());
        matchesRecorded("hourly-wages", m);
    }

    @Test
    @Order(5)
    void sameSpecSeedAndDataGiveTheSameMetrics() throws IOException {
        JsonNode again = train("conf/iris.yaml", dir.resolve("iris-again"));
        JsonNode first = JSON.readTree(dir.resolve("iris/metrics.json").toFile());
        for (String k : List.of("loss", "val_loss", "val_accuracy", "best_epoch", "epochs_run")) {
            assertEquals(first.get(k).asDouble(), again.get(k).asDouble(), 1e-6, k);
        }
    }
}
