package dev.sparkfit.cluster;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An executor that runs out of memory for real: 512 MB executors and a network of 16.8 million
 * parameters (two hidden layers of 4,096 units), whose step buffers do not fit in the heap: the first
 * averaging round's task dies with an OutOfMemoryError and its executor exits with code 52. The run ends
 * with exit 5, the failure's line and the hint naming the settings to raise, and nothing published. With
 * sparkfit-submit's retries the same run (2026-12-02) lost an executor per attempt and failed on the lost
 * shuffle output, a message naming no memory; ExitCodesTest holds the hint to that case.
 */
class OutOfMemoryIT {

    @Test
    void anExecutorOutOfMemoryEndsWithExit5AndTheSettingsToRaise() throws Exception {
        try (LocalCluster cluster = LocalCluster.start("it-oom", 17677, Map.of())) {
            Path out = LocalCluster.ROOT.resolve("target/it-runs/oom");
            // One attempt per task and per stage: the first out-of-memory ends the job, so the test takes one
            // executor's death, not sixteen (sparkfit-submit's 4 task attempts times Spark's 4 stage attempts).
            LocalCluster.Result r = cluster.submit(List.of("--conf", "spark.executor.memory=512m",
                    "--conf", "spark.task.maxFailures=1", "--conf", "spark.stage.maxConsecutiveAttempts=1", "train",
                    "--spec", "conf/titanic.yaml", "--set", "model.hidden=[{units: 4096}, {units: 4096}]",
                    "--set", "training.epochs=1", "--out", out.toString(), "--overwrite"), Map.of());
            assertEquals(5, r.exit(), r.stderr());
            assertTrue(r.stderr().contains("sparkfit: Spark job 'train epoch 1/1"), r.stderr());
            assertTrue(r.stderr().contains("sparkfit: hint: an executor ran out of memory")
                    && r.stderr().contains("raise spark.executor.memory") && r.stderr().contains("training.workers"),
                    r.stderr());
            assertFalse(Files.exists(out.resolve("_SUCCESS")));
            assertFalse(Files.exists(out.resolve("model")));
        }
    }
}
