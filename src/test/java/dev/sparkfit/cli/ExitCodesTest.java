package dev.sparkfit.cli;

import dev.sparkfit.data.DataException;
import dev.sparkfit.job.ExecutorLosses;
import dev.sparkfit.testutil.Cli;
import dev.sparkfit.train.StageFailedException;
import org.apache.spark.SparkException;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The documented exit codes, each with one clear line and nothing published on failure. */
class ExitCodesTest {

    @TempDir
    Path dir;

    @Test
    void aBadSpecExitsWith2AndNamesKeyValueAndAllowed() {
        Cli r = Cli.run("train", "--spec", "conf/iris.yaml", "--set", "model.hidden[1].activation=rellu",
                "--out", dir.resolve("x").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("model.hidden[1].activation: 'rellu' is not one of relu, leakyrelu"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
        assertFalse(Files.exists(dir.resolve("x")), "nothing is created for a bad spec");
    }

    @Test
    void anUnknownFlagExitsWith2WithUsage() {
        Cli r = Cli.run("train", "--spec", "conf/iris.yaml", "--epochs", "3");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Unknown options: '--epochs'"), r.err());
    }

    @Test
    void aMissingLabelColumnExitsWith3AndLeavesNoModel() {
        Path out = dir.resolve("run");
        Cli r = Cli.run("train", "--spec", "conf/iris.yaml", "--set", "data.label=kind", "--out", out.toString());
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.err().contains("data.label: no column 'kind'") && r.err().contains("species"), r.err());
        assertFalse(Files.exists(out.resolve("model")));
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
    }

    @Test
    void aDivergingRunExitsWith4AndPublishesNothing() {
        Path out = dir.resolve("nan");
        Cli r = Cli.run("train", "--spec", "conf/hourly-wages.yaml", "--out", out.toString(),
                "--set", "optimizer.name=sgd", "--set", "optimizer.learning_rate=1e6", "--set", "training.epochs=3");
        assertEquals(4, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().contains("diverged in epoch 1") && r.err().contains("lower optimizer.learning_rate"), r.err());
        assertFalse(r.out().contains("epoch 2/3"), "stopped within the epoch: " + r.out());
        assertFalse(Files.exists(out.resolve("model")));
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
    }

    @Test
    void aNonEmptyOutputDirectoryIsRefusedWith2() throws IOException {
        Path out = Files.createDirectories(dir.resolve("used"));
        Files.writeString(out.resolve("keep.txt"), "precious");
        Cli r = Cli.run("train", "--spec", "conf/iris.yaml", "--out", out.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("is not empty"), r.err());
        assertEquals("precious", Files.readString(out.resolve("keep.txt")));
    }

    /**
     * Out-of-memory as a real run reported it (OutOfMemoryIT's command on the local standalone cluster,
     * 2026-12-02): every executor died with "java.lang.OutOfMemoryError: Java heap space" in FusedStep's
     * constructor and was removed with "Command exited with code 52"; the job then failed on the lost
     * shuffle output, its message naming no memory at all. The first line and the removal reason below are
     * copied from that run; the second line of the failure is Spark's wording for a lost shuffle output.
     */
    @Test
    void anExecutorLostToOutOfMemoryGetsAHintOtherSparkFailuresDoNot() {
        ExecutorLosses.forget();
        try {
            RuntimeException fetchFailed = new StageFailedException("train epoch 1/1, averaging round 1/6",
                    new SparkException("Job aborted due to stage failure: ResultStage 34 (treeAggregate at"
                            + " AveragingTrainer.java:152) has failed the maximum allowable number of times: 4. Most recent"
                            + " failure reason:\norg.apache.spark.shuffle.MetadataFetchFailedException: Missing an output"
                            + " location for shuffle 12 partition 0"));
            assertEquals(5, ExitCodes.of(fetchFailed));
            assertTrue(ExitCodes.message(fetchFailed).endsWith("Most recent failure reason:"
                    + " org.apache.spark.shuffle.MetadataFetchFailedException: Missing an output location for shuffle 12"
                    + " partition 0"), ExitCodes.message(fetchFailed));
            assertNull(ExitCodes.hint(fetchFailed), "no executor was lost to out-of-memory yet");

            new ExecutorLosses().onExecutorRemoved(new SparkListenerExecutorRemoved(1L, "7", "Command exited with code 137"));
            assertNull(ExitCodes.hint(fetchFailed), "a SIGKILL (ExecutorLossIT's kill -9) is not out-of-memory");
            new ExecutorLosses().onExecutorRemoved(new SparkListenerExecutorRemoved(2L, "9", "Command exited with code 52"));
            String hint = ExitCodes.hint(fetchFailed);
            assertTrue(hint != null && hint.contains("executor 9: Command exited with code 52")
                    && hint.contains("spark.executor.memory") && hint.contains("training.workers"), hint);
            assertNull(ExitCodes.hint(new DataException("bad row")), "only Spark failures (exit 5) get it");

            ExecutorLosses.forget();
            RuntimeException taskOom = new StageFailedException("train epoch 1/1, averaging round 1/6",
                    new SparkException("Job aborted due to stage failure: Task 0 in stage 34.0 failed 4 times, most recent"
                            + " failure: Lost task 0.3 in stage 34.0 (TID 29) (127.0.0.1 executor 9):"
                            + " java.lang.OutOfMemoryError: Java heap space\n\tat dev.sparkfit.train.FusedStep.<init>"
                            + "(FusedStep.java:121)"));
            assertTrue(ExitCodes.hint(taskOom).contains("spark.executor.memory"), ExitCodes.hint(taskOom));
            assertNull(ExitCodes.hint(new StageFailedException("train epoch 1/1", new SparkException(
                    "Job aborted due to stage failure: Task 0 in stage 3.0 failed 4 times, most recent failure:"
                            + " java.lang.IllegalStateException: injected"))));
        } finally {
            ExecutorLosses.forget();
        }
    }

    @Test
    void aMissingModelIsAClearError() {
        Cli r = Cli.run("evaluate", "--model", dir.resolve("none").toString(), "--input", "data-samples/iris.csv");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("does not exist"), r.err());
    }
}
