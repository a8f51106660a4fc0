package dev.sparkfit.cli;

import dev.sparkfit.testutil.Cli;
import dev.sparkfit.train.Checkpoint;
import dev.sparkfit.train.Checkpoints;
import dev.sparkfit.train.TestFaultsAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run that diverges in epoch 3 (the test-only hook makes every worker's loss NaN from then on)
 * stops in that epoch with exit 4, publishes nothing, and keeps the checkpoint of epoch 2 intact.
 */
class DivergenceCheckpointTest {

    @Test
    void divergenceKeepsTheLastGoodCheckpoint(@TempDir Path tmp) {
        Path dir = tmp.resolve("diverged");
        Cli r;
        try {
            TestFaultsAccess.set("loss:nan-from-epoch:3");
            r = Cli.run("train", "--spec", "conf/titanic.yaml", "--set", "training.early_stopping.enabled=false",
                    "--set", "training.epochs=6", "--out", dir.toString());
        } finally {
            TestFaultsAccess.clear();
        }
        assertEquals(ExitCodes.DIVERGED, r.exitCode(), r.err());
        assertTrue(r.err().contains("diverged in epoch 3") && r.err().contains("learning_rate"), r.err());
        assertFalse(Files.exists(dir.resolve("model")));
        assertFalse(Files.exists(dir.resolve("_SUCCESS")));
        Checkpoint last = new Checkpoints(dir.resolve("checkpoints")).latest(s -> { }).orElseThrow();
        assertEquals(2, last.epoch(), "the last good epoch's checkpoint, verified by its manifest");
        assertEquals(2, last.history().size());
    }
}
