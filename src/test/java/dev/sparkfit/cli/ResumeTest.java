package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.train.EpochStats;
import dev.sparkfit.train.History;
import dev.sparkfit.testutil.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run killed with {@code kill -9} (or stopped by SIGTERM) and resumed ends with the metrics of an
 * uninterrupted run with the same seed. The interrupted run is a child JVM on local[2]; the resume
 * and the reference run use the suite's local[2] session.
 */
class ResumeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    // Titanic, as in conf/, with early stopping (its state must survive the kill) and 12 epochs at most.
    private static final String[] SPEC = {"--spec", "conf/titanic.yaml", "--set", "training.epochs=12"};
    // An outer optimizer with momentum, set explicitly: its buffer must survive the stop.
    private static final String OUTER = "training.outer_optimizer={name: nesterov, learning_rate: 1.0, momentum: 0.5}";

    @Test
    void killedWithSigkillThenResumedEqualsAnUninterruptedRun(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("killed");
        Process p = child(dir, List.of());
        waitForCheckpoint(dir, 3, p);
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertFalse(Files.exists(dir.resolve("_SUCCESS")));
        // The newest checkpoint is damaged as a crash mid-write could leave it: its checksum no longer
        // matches, so the resume falls back to the one before.
        Path newest = checkpoints(dir).get(checkpoints(dir).size() - 1);
        Files.write(newest.resolve("params.bin"), new byte[] {1, 2, 3, 4});

        Cli resumed = Cli.run(args(dir, "--run-id", "killed"));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("resuming from checkpoint"), resumed.out());
        assertTrue(resumed.out().contains("is damaged, using the one before"), resumed.out());
        assertSameMetrics(reference(tmp), JSON.readTree(resumed.lastLine()));
        assertSameHistory(tmp.resolve("whole"), dir);
    }

    /** A cosine schedule with warm-up and a plateau reduction: their state survives the kill, the history is the same. */
    @Test
    void aScheduleAndPlateauReductionResumeToTheSameHistory(@TempDir Path tmp) throws Exception {
        List<String> extra = List.of("--set", "training.epochs=7", "--set", SCHEDULE, "--set", PLATEAU);
        Path dir = tmp.resolve("scheduled");
        Process p = child(dir, extra);
        waitForCheckpoint(dir, 2, p); // before the first reduction (after epoch 3): its state must be restored
        p.destroyForcibly();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertFalse(Files.exists(dir.resolve("_SUCCESS")));
        List<String> resumeArgs = new ArrayList<>(List.of(args(dir, "--run-id", "scheduled")));
        resumeArgs.addAll(extra);
        Cli resumed = Cli.run(resumeArgs.toArray(String[]::new));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("resuming from checkpoint"), resumed.out());
        List<String> wholeArgs = new ArrayList<>(List.of(args(tmp.resolve("whole-scheduled"))));
        wholeArgs.addAll(extra);
        Cli whole = Cli.run(wholeArgs.toArray(String[]::new));
        assertEquals(0, whole.exitCode(), whole.err());
        assertSameMetrics(JSON.readTree(whole.lastLine()), JSON.readTree(resumed.lastLine()));
        assertSameHistory(tmp.resolve("whole-scheduled"), dir);
        assertTrue(whole.out().contains("reduce_lr_on_plateau: loss did not improve"), whole.out());
    }

    // Rates that change every epoch: a cosine decay after a one-epoch warm-up, halved on every plateau of 2 epochs
    // (min_delta 1000: no epoch after the first counts as an improvement).
    private static final String SCHEDULE = "optimizer.schedule={name: cosine, decay_epochs: 8, warmup_epochs: 1}";
    private static final String PLATEAU = "training.reduce_lr_on_plateau={monitor: loss, patience: 2, min_delta: 1000,"
            + " factor: 0.5}";

    @Test
    void sigtermCommitsACheckpointExits143AndResumes(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("stopped");
        // Averaging every 4 minibatches: the stop may land between rounds inside an epoch, where the outer
        // optimizer's momentum must be in the checkpoint too.
        Process p = child(dir, List.of("--set", "training.averaging=4", "--set", OUTER));
        waitForCheckpoint(dir, 2, p);
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "stopped in bounded time");
        assertEquals(143, p.exitValue());
        assertFalse(Files.exists(dir.resolve("_SUCCESS")));
        assertFalse(Files.exists(dir.resolve("model")));

        Cli resumed = Cli.run(args(dir, "--run-id", "stopped", "--set", "training.averaging=4", "--set", OUTER));
        assertEquals(0, resumed.exitCode(), resumed.err());
        Cli reference = Cli.run(args(tmp.resolve("whole4"), "--set", "training.averaging=4", "--set", OUTER));
        assertEquals(0, reference.exitCode(), reference.err());
        assertSameMetrics(JSON.readTree(reference.lastLine()), JSON.readTree(resumed.lastLine()));
        assertSameHistory(tmp.resolve("whole4"), dir);
    }

    /** Every epoch's metrics and diagnostics, including the epochs trained after the resume. */
    private static void assertSameHistory(Path expectedRun, Path actualRun) throws Exception {
        List<EpochStats> expected = History.readJson(expectedRun.resolve("history.json")).epochs();
        List<EpochStats> actual = History.readJson(actualRun.resolve("history.json")).epochs();
        assertEquals(expected.size(), actual.size(), "epochs");
        for (int e = 0; e < expected.size(); e++) {
            for (var kv : expected.get(e).values().entrySet()) {
                assertEquals(kv.getValue(), actual.get(e).values().get(kv.getKey()), 1e-9,
                        "epoch " + (e + 1) + " " + kv.getKey());
            }
        }
    }

    private static JsonNode reference(Path tmp) throws Exception {
        Cli whole = Cli.run(args(tmp.resolve("whole")));
        assertEquals(0, whole.exitCode(), whole.err());
        return JSON.readTree(whole.lastLine());
    }

    private static void assertSameMetrics(JsonNode expected, JsonNode actual) {
        for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equals("seconds")) {
                continue;
            }
            if (expected.get(k).isNumber()) {
                assertEquals(expected.get(k).asDouble(), actual.get(k).asDouble(), 1e-9, k);
            } else {
                assertEquals(expected.get(k), actual.get(k), k);
            }
        }
    }

    private static String[] args(Path dir, String... more) {
        List<String> a = new ArrayList<>(List.of("train"));
        a.addAll(List.of(SPEC));
        a.addAll(List.of("--out", dir.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** The real CLI in its own JVM, master local[2], with the test's classpath and JVM flags. */
    private static Process child(Path dir, List<String> extra) throws Exception {
        List<String> cmd = new ArrayList<>(dev.sparkfit.bench.ChildJvm.command(Main.class, null, List.of()));
        cmd.addAll(List.of(args(dir, "--run-id", dir.getFileName().toString(), "--master", "local[2]")));
        cmd.addAll(extra);
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void waitForCheckpoint(Path dir, int epoch, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (checkpoints(dir).stream().anyMatch(c -> c.getFileName().toString()
                    .compareTo(String.format("epoch-%05d", epoch)) >= 0)) {
                return;
            }
            assertTrue(p.isAlive(), "the child run ended before epoch " + epoch);
            Thread.sleep(20);
        }
        throw new AssertionError("no checkpoint of epoch " + epoch + " within 3 minutes");
    }

    private static List<Path> checkpoints(Path dir) throws Exception {
        Path c = dir.resolve("checkpoints");
        if (!Files.isDirectory(c)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(c)) {
            return s.filter(x -> x.getFileName().toString().startsWith("epoch-")).sorted().toList();
        }
    }
}
