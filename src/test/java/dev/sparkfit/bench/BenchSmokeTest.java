package dev.sparkfit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.testutil.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark's smoke run: one system of each kind (the GEMM probe, sparkfit, single-JVM DL4J, MLlib)
 * on a few hundred MNIST-format rows, to prove the command works end to end. The systems run in the test's
 * JVM and Spark session ({@code --in-process}; a JVM per system took minutes), and one system (the GEMM
 * probe, the quickest) runs as the bench runs every system, in a child JVM of its own. It asserts what was
 * produced, never how fast: speed lives in docs/BENCHMARKS.md.
 */
class BenchSmokeTest {

    @TempDir
    Path dir;

    /** Digit k lights pixel band k (78 pixels) brightly, over noise: learnable in one epoch. */
    static Path digits(Path file, int rows, long seed) throws IOException {
        Random rnd = new Random(seed);
        StringBuilder b = new StringBuilder("label");
        for (int i = 0; i < 784; i++) {
            b.append(",px").append(i);
        }
        b.append('\n');
        for (int r = 0; r < rows; r++) {
            int k = r % 10;
            b.append(k);
            for (int i = 0; i < 784; i++) {
                b.append(',').append(i / 78 == k ? 200 + rnd.nextInt(56) : rnd.nextInt(40));
            }
            b.append('\n');
        }
        return Files.writeString(file, b);
    }

    /** One system of each kind: the others differ from these in a setting only. */
    static final List<String> SMOKE = List.of("gemm", "sparkfit-epoch", "dl4j-single", "mllib-mlp");

    @Test
    void oneSystemOfEachKindRunsAndTheReportIsWritten() throws IOException {
        Path train = digits(dir.resolve("train.csv"), 400, 1);
        Path test = digits(dir.resolve("test.csv"), 100, 2);
        Path out = dir.resolve("bench");
        Cli r = Cli.run("bench", "--train", train.toString(), "--test", test.toString(), "--epochs", "2",
                "--hidden", "16,8", "--batch-size", "32", "--learning-rate", "0.01", "--systems", String.join(",", SMOKE),
                "--out", out.toString(), "--in-process");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode json = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
        List<String> systems = new ArrayList<>();
        json.get("results").forEach(n -> systems.add(n.get("system").asText()));
        assertEquals(SMOKE, systems);
        for (JsonNode n : json.get("results")) {
            String s = n.get("system").asText();
            if (s.equals("gemm")) {
                assertTrue(n.get("gflops").asDouble() > 0, n.toString());
            } else {
                double acc = n.get("testAccuracy").asDouble();
                assertTrue(acc >= 0 && acc <= 1, n.toString());
            }
            if (s.startsWith("sparkfit") || s.startsWith("dl4j")) {
                assertEquals(2, n.get("epochSeconds").size(), n.toString());
                // ten classes: chance is 0.1; the bright bands make two epochs enough to do far better
                assertTrue(n.get("testAccuracy").asDouble() > 0.3, "learned nothing: " + n);
            }
            if (!s.equals("gemm")) {
                // the whole job, from the process's start: the model is saved before the test set is scored
                double toModel = n.get("secondsToModel").asDouble();
                double toTest = n.get("secondsToTestAccuracy").asDouble();
                assertTrue(toModel > 0 && toTest >= toModel, n.toString());
                double epochs = 0;
                for (JsonNode e : n.get("epochSeconds")) {
                    epochs += e.asDouble();
                }
                assertTrue(toModel > epochs, "the job includes its epochs: " + n);
            }
        }
        assertEquals(List.of("system", "s/epoch", "rows/s", "GFLOP/s", "test acc", "x sparkfit", "s to model",
                "s to test acc", "x dl4j-single job", "note"), names(json.get("table").get(0)));
        assertEquals("1.00", json.get("table").get(3).get(8).asText(), "dl4j-single is the whole job's reference");
        assertEquals(400, json.get("train_rows").asLong());
        String html = Files.readString(out.resolve("bench.html"));
        assertTrue(html.contains("data:image/png;base64,") && html.contains("sparkfit-epoch"), html);
        assertTrue(r.out().contains("x sparkfit"), r.out());
    }

    @Test
    void aSystemRunsInAChildJvmOfItsOwn() throws IOException {
        Path train = digits(dir.resolve("train.csv"), 50, 1);
        Path out = dir.resolve("child");
        Cli r = Cli.run("bench", "--train", train.toString(), "--test", train.toString(), "--systems", "gemm",
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode n = new ObjectMapper().readTree(out.resolve("bench.json").toFile()).get("results").get(0);
        assertEquals("gemm", n.get("system").asText());
        assertTrue(n.get("gflops").asDouble() > 0, n.toString());
        assertTrue(Files.exists(out.resolve("logs").resolve("gemm.log")), "the child's log");
    }

    private static List<String> names(JsonNode row) {
        List<String> l = new ArrayList<>();
        row.forEach(c -> l.add(c.asText()));
        return l;
    }

    @Test
    void theConvergenceSweepTrainsEveryCellOnceOnTheSameData() throws IOException {
        Path train = digits(dir.resolve("train.csv"), 400, 1);
        Path test = digits(dir.resolve("test.csv"), 100, 2);
        Path out = dir.resolve("sweep");
        Cli r = Cli.run("bench", "--train", train.toString(), "--test", test.toString(), "--epochs", "2",
                "--hidden", "16", "--batch-size", "16", "--learning-rate", "0.01", "--workers", "1,4",
                "--averaging", "auto,epoch", "--variant", "default", "--variant", "sync", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode cells = new ObjectMapper().readTree(out.resolve("sweep.json").toFile()).get("cells");
        // per worker count: two averaging settings of default, and sync once (averaging does not apply to it)
        assertEquals(6, cells.size(), cells.toString());
        for (JsonNode c : cells) {
            assertEquals(2, c.get("epochSeconds").size(), c.toString());
            double acc = c.get("testAccuracy").asDouble();
            assertTrue(acc >= 0 && acc <= 1, c.toString());
            assertTrue(acc > 0.3, "learned nothing: " + c);
        }
        // what auto resolved to is reported with each cell
        assertTrue(cell(cells, 4, "auto", "default").get("settings").asText().startsWith("averaging every"),
                cells.toString());
        // sync at 4 workers: one replica with 4 x 16 rows per step and Adam's rate x sqrt(4)
        JsonNode sync = cell(cells, 4, "every step", "sync");
        assertEquals("synchronous: 1 replica, batch 64, learning rate 0.02000", sync.get("settings").asText());
        String table = Files.readString(out.resolve("sweep.md"));
        assertTrue(table.contains("| 4 | auto | default |") && table.contains("| 4 | every step | sync |"), r.out());
    }

    private static JsonNode cell(JsonNode cells, int workers, String averaging, String variant) {
        for (JsonNode c : cells) {
            if (c.get("workers").asInt() == workers && c.get("averaging").asText().equals(averaging)
                    && c.get("variant").asText().equals(variant)) {
                return c;
            }
        }
        throw new AssertionError("no cell " + workers + " / " + averaging + " / " + variant + " in " + cells);
    }
}
