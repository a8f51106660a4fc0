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
 * parameters (two hidden layers of 4,096 units), whose step buffers do not fit in the heap. Every attempt
 * of the first averaging round dies with an OutOfMemoryError, the executor exits with code 52 and the
 * Worker starts another; the job then fails (in the run this test was written from, on the lost shuffle
 * output, a message that names no memory) and the run ends with exit 5, the failure's line and the hint
 * naming the settings to raise (the driver saw the executors removed with code 52), and nothing published.
 */
class OutOfMemoryIT {

    @Test
    void anExecutorOutOfMemoryEndsWithExit5AndTheSettingsToRaise() throws Exception {
        try (LocalCluster cluster = LocalCluster.start("it-oom", 17677, Map.of())) {
            Path out = LocalCluster.ROOT.resolve("target/it-runs/oom");
            LocalCluster.Result r = cluster.submit(List.of("--conf", "spark.executor.memory=512m", "train",
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
