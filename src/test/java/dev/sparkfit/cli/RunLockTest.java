package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkfit.artifact.RunLock;
import dev.sparkfit.bench.ChildJvm;
import dev.sparkfit.testutil.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run directory's lock, with real processes (each {@code sparkfit} in its own JVM, as a scheduler
 * starts them) on the real file system: two runs of one --run-id started together, --overwrite of a
 * directory in use, and the stale lock a {@code kill -9}ed run leaves.
 */
class RunLockTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TRAIN = List.of("train", "--spec", "conf/titanic.yaml", "--set", "training.epochs=8",
            "--set", "training.early_stopping.enabled=false", "--set", "spark.master=local[2]");

    /** A {@code sparkfit} JVM with stdout and stderr in files under {@code logs}. */
    record Run(Process process, Path out, Path err, long startedNanos) {

        static Run start(Path logs, String name, List<String> args) throws IOException {
            List<String> all = new ArrayList<>(TRAIN);
            all.addAll(args);
            Path out = logs.resolve(name + ".out");
            Path err = logs.resolve(name + ".err");
            Process p = new ProcessBuilder(ChildJvm.command(Main.class, null, all))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new Run(p, out, err, System.nanoTime());
        }

        int exit(int minutes) throws Exception {
            assertTrue(process.waitFor(minutes, TimeUnit.MINUTES), "finished in " + minutes + " min");
            return process.exitValue();
        }

        double seconds() {
            return (System.nanoTime() - startedNanos) / 1e9;
        }

        String stdout() throws IOException {
            return Files.readString(out);
        }

        /** The sparkfit line of stderr (Spark's log lines start with a time). */
        String errorLine() throws IOException {
            return Files.readAllLines(err).stream().filter(l -> l.startsWith("sparkfit: ")).findFirst().orElse("");
        }

        String lastLine() throws IOException {
            List<String> lines = stdout().strip().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    @Test
    void twoRunsOfOneRunIdStartedTogetherOneTrainsTheOtherStopsAtOnce(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("daily");
        List<String> sameId = List.of("--out", dir.toString(), "--run-id", "daily");
        Run a = Run.start(tmp, "a", sameId);
        Run b = Run.start(tmp, "b", sameId);
        Run alone = Run.start(tmp, "alone", List.of("--out", tmp.resolve("alone").toString(), "--run-id", "alone"));

        // Whichever took the lock first trains; the other stops before Spark starts.
        Run loser = null;
        while (loser == null) {
            loser = !a.process().isAlive() ? a : !b.process().isAlive() ? b : null;
            assertTrue(a.seconds() < 60, "one of the two stopped");
            Thread.sleep(50);
        }
        double loserSeconds = loser.seconds();
        Run winner = loser == a ? b : a;
        assertEquals(ExitCodes.USAGE, loser.exit(1), loser.errorLine());
        assertTrue(loserSeconds < 10, "stopped in " + loserSeconds + " s");
        String line = loser.errorLine();
        assertTrue(line.startsWith("sparkfit: " + dir + " is in use by process " + winner.process().pid() + " on "), line);
        assertTrue(line.contains("heartbeat") && line.contains("started"), line);
        assertFalse(loser.stdout().contains("run directory"), "the loser wrote nothing: " + loser.stdout());

        // --overwrite never replaces a directory whose lock is live.
        Run overwrite = Run.start(tmp, "overwrite", List.of("--out", dir.toString(), "--overwrite"));
        assertEquals(ExitCodes.USAGE, overwrite.exit(1), overwrite.errorLine());
        assertTrue(overwrite.errorLine().contains("is in use by process " + winner.process().pid()), overwrite.errorLine());
        assertTrue(winner.process().isAlive(), "the refusals came while the winner ran");

        assertEquals(0, winner.exit(5), Files.readString(winner.err()));
        assertEquals(0, alone.exit(5), Files.readString(alone.err()));
        assertTrue(Files.exists(dir.resolve("_SUCCESS")));
        assertFalse(Files.exists(dir.resolve(RunLock.FILE)), "released at the end");
        assertEquals(withoutSeconds(alone.lastLine()), withoutSeconds(winner.lastLine()), "the same metrics as a run made alone");
        assertEquals(withoutSeconds(Files.readString(tmp.resolve("alone/metrics.json"))),
                withoutSeconds(Files.readString(dir.resolve("metrics.json"))));
    }

    @Test
    void theStaleLockOfAKilledRunIsTakenOverOnTheRerun(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("nightly");
        List<String> args = List.of("--out", dir.toString(), "--run-id", "nightly");
        Run killed = Run.start(tmp, "killed", args);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!killed.stdout().contains("epoch 2/8")) {
            assertTrue(killed.process().isAlive() && System.nanoTime() < deadline, "reached epoch 2: " + killed.stdout());
            Thread.sleep(50);
        }
        killed.process().destroyForcibly(); // SIGKILL: no shutdown hook, the lock stays behind
        assertTrue(killed.process().waitFor(30, TimeUnit.SECONDS));
        RunLock.Holder left = RunLock.read(dir).orElseThrow();
        assertEquals(killed.process().pid(), left.pid());

        Cli rerun = Cli.run(concat(TRAIN, args));
        assertEquals(0, rerun.exitCode(), rerun.err());
        assertTrue(rerun.out().contains("run directory " + dir + ": took over the stale lock of process "
                + killed.process().pid() + " on "), rerun.out());
        assertTrue(rerun.out().contains("that process has ended"), rerun.out());
        assertTrue(rerun.out().contains("resuming from checkpoint"), rerun.out());
        assertTrue(Files.exists(dir.resolve("_SUCCESS")));
        assertFalse(Files.exists(dir.resolve(RunLock.FILE)), "released at the end");
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    private static ObjectNode withoutSeconds(String json) throws IOException {
        ObjectNode n = (ObjectNode) JSON.readTree(json);
        n.remove("seconds");
        return n;
    }
}
