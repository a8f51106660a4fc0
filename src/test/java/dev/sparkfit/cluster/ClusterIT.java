package dev.sparkfit.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * conf/titanic.yaml trained through the spark-submit path on a real standalone cluster (executors
 * in their own JVMs) gives the metrics of a local[2] run with the same seed: same rows per worker,
 * same minibatches, same averaging, so only float noise may differ (tolerance 1e-5 on the loss).
 */
class ClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void titanicOnAStandaloneClusterMatchesLocalMode() throws Exception {
        try (LocalCluster cluster = LocalCluster.start("it-cluster", 17077, Map.of())) {
            Path out = LocalCluster.ROOT.resolve("target/it-runs");
            LocalCluster.Result onCluster = cluster.submit(List.of("train", "--spec", "conf/titanic.yaml",
                    "--out", out.resolve("cluster").toString(), "--overwrite"), Map.of());
            assertEquals(0, onCluster.exit(), onCluster.stderr());
            List<Path> executors = cluster.executorLogs();
            assertEquals(2, executors.size(), "two executor JVMs ran the job: " + executors);
            for (Path log : executors) {
                assertTrue(Files.readString(log).contains("CoarseGrainedExecutorBackend"), log.toString());
            }

            LocalCluster.Result local = cluster.run(List.of("scripts/sparkfit-submit", "--master", "local[2]",
                    "train", "--spec", "conf/titanic.yaml", "--out", out.resolve("local").toString(), "--overwrite"),
                    Map.of(), 10);
            assertEquals(0, local.exit(), local.stderr());

            JsonNode c = JSON.readTree(onCluster.lastLine());
            JsonNode l = JSON.readTree(local.lastLine());
            assertEquals(l.get("epochs_run").asInt(), c.get("epochs_run").asInt());
            assertEquals(l.get("best_epoch").asInt(), c.get("best_epoch").asInt());
            assertEquals(l.get("val_loss").asDouble(), c.get("val_loss").asDouble(), 1e-5);
            assertEquals(l.get("val_accuracy").asDouble(), c.get("val_accuracy").asDouble(), 1e-9);
            assertEquals(l.get("loss").asDouble(), c.get("loss").asDouble(), 1e-5);
            assertTrue(Files.exists(out.resolve("cluster/_SUCCESS")));
        }
    }
}
