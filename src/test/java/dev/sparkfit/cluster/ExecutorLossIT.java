package dev.sparkfit.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An executor JVM killed with SIGKILL in the middle of training on the standalone cluster: the
 * Worker starts a new executor, Spark rebuilds the lost blocks from their lineage and retries the
 * round, and the run completes with the metrics of an undisturbed run (same minibatches, same
 * averaging: the blocks are rebuilt with the same rows in the same order). The epoch that rebuilt them
 * prints a storage line saying so.
 */
class ExecutorLossIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aKilledExecutorDoesNotFailTheRun() throws Exception {
        try (LocalCluster cluster = LocalCluster.start("it-executor-loss", 17377, Map.of())) {
            Path out = LocalCluster.ROOT.resolve("target/it-runs");
            List<String> args = List.of("train", "--spec", "conf/titanic.yaml", "--set", "training.epochs=12",
                    "--set", "training.early_stopping.enabled=false", "--set", "training.averaging=4");
            Path killedDir = out.resolve("executor-killed");
            CompletableFuture<LocalCluster.Result> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return cluster.submit(concat(args, "--out", killedDir.toString(), "--overwrite"), Map.of());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long killed = killAnExecutorAfterEpoch(killedDir.resolve("checkpoints"), 3);
            LocalCluster.Result r = run.get(10, TimeUnit.MINUTES);
            assertEquals(0, r.exit(), r.stderr());
            assertTrue(killed > 0, "an executor JVM was killed");
            assertTrue(Files.exists(killedDir.resolve("_SUCCESS")));
            assertTrue(cluster.executorLogs().size() >= 3, "the worker started a new executor: " + cluster.executorLogs());
            // The lost blocks were rebuilt from the input, and the epoch said so (line and storage event).
            assertTrue(r.stdout().contains("rebuilt from the input this epoch"), r.stdout());
            assertTrue(Files.readString(killedDir.resolve("events.jsonl")).contains("\"event\":\"storage\""));

            LocalCluster.Result clean = cluster.submit(concat(args, "--out", out.resolve("executor-clean").toString(),
                    "--overwrite"), Map.of());
            assertEquals(0, clean.exit(), clean.stderr());
            JsonNode a = JSON.readTree(clean.lastLine());
            JsonNode b = JSON.readTree(r.lastLine());
            assertEquals(a.get("val_loss").asDouble(), b.get("val_loss").asDouble(), 1e-6);
            assertEquals(a.get("val_accuracy").asDouble(), b.get("val_accuracy").asDouble(), 1e-9);
        }
    }

    /** Waits for the run's checkpoint of {@code epoch}, then SIGKILLs one executor JVM; returns its pid. */
    private static long killAnExecutorAfterEpoch(Path checkpoints, int epoch) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        String name = String.format("epoch-%05d", epoch);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(checkpoints)) {
                try (Stream<Path> s = Files.list(checkpoints)) {
                    if (s.anyMatch(p -> p.getFileName().toString().compareTo(name) >= 0)) {
                        Optional<ProcessHandle> executor = ProcessHandle.allProcesses()
                                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")
                                        && p.info().commandLine().orElse("").contains(LocalCluster.ROOT.toString()))
                                .findFirst();
                        if (executor.isPresent()) {
                            executor.get().destroyForcibly();
                            return executor.get().pid();
                        }
                    }
                }
            }
            Thread.sleep(20);
        }
        return -1;
    }

    private static List<String> concat(List<String> a, String... more) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(List.of(more));
        return all;
    }
}
