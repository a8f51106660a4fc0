package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkfit.testutil.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A search killed with SIGKILL mid-way (a real `sparkfit tune` in its own JVM on local[2]) and rerun
 * with the same --run-id keeps its ended trials, continues the running one from its checkpoint, and
 * ends with the leaderboard of an uninterrupted search.
 */
class TuneResumeTest {

    @Test
    void killedSearchResumedEqualsAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        Path spec = tmp.resolve("asha.yaml");
        Files.writeString(spec, TuneCommandTest.ASHA);
        Path dir = tmp.resolve("killed");
        List<String> cmd = new ArrayList<>(dev.sparkfit.bench.ChildJvm.command(Main.class, null, List.of()));
        cmd.addAll(List.of("tune", "--spec", spec.toString(), "--out", dir.toString(), "--run-id", "killed",
                "--master", "local[2]"));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        waitForCheckpoint(dir.resolve("trials/trial-3/checkpoints"), p);
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertFalse(Files.exists(dir.resolve("_SUCCESS")));
        assertTrue(Files.exists(dir.resolve("trials/trial-2/result.json")), "trials 1 and 2 had ended");

        Cli resumed = Cli.run("tune", "--spec", spec.toString(), "--out", dir.toString(), "--run-id", "killed");
        assertEquals(0, resumed.exitCode(), resumed.err() + resumed.out());
        assertTrue(resumed.out().contains("resuming the search: "), resumed.out());
        assertFalse(resumed.out().contains("trial 1: {"), "an ended trial is not trained again: " + resumed.out());

        Path whole = tmp.resolve("whole");
        Cli reference = Cli.run("tune", "--spec", spec.toString(), "--out", whole.toString());
        assertEquals(0, reference.exitCode(), reference.err());
        JsonNode a = TuneCommandTest.JSON.readTree(whole.resolve("tune.json").toFile());
        JsonNode b = TuneCommandTest.JSON.readTree(dir.resolve("tune.json").toFile());
        assertEquals(TuneCommandTest.withoutSeconds(a.get("trials")), TuneCommandTest.withoutSeconds(b.get("trials")));
        assertEquals(a.get("best_trial"), b.get("best_trial"));
        assertTrue(Files.exists(dir.resolve("_SUCCESS")) && Files.exists(dir.resolve("model/model.zip")));
    }

    private static void waitForCheckpoint(Path checkpoints, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(checkpoints)) {
                try (Stream<Path> s = Files.list(checkpoints)) {
                    if (s.anyMatch(c -> c.getFileName().toString().startsWith("epoch-"))) {
                        return;
                    }
                }
            }
            assertTrue(p.isAlive(), "the child search ended before trial 3 checkpointed");
            Thread.sleep(20);
        }
        throw new AssertionError("trial 3 wrote no checkpoint within 4 minutes");
    }
}
