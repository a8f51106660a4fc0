package dev.sparkfit.cli;

import dev.sparkfit.testutil.Cli;
import org.junit.jupiter.api.Assumptions;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full disk, for real: a 4 MB tmpfs mounted for the test (needs root, as the CI machine runs the
 * tests; elsewhere the test is skipped and says why). A run that hits "No space left on device" fails
 * with one line, and the previous run's model, replaced with --overwrite, is put back untouched.
 */
class DiskFullTest {

    @Test
    void aFullDiskFailsWithOneLineAndLeavesThePreviousModel() throws Exception {
        Path mnt = Path.of("target", "disk-full").toAbsolutePath();
        Files.createDirectories(mnt);
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mnt.toString()) == 0;
        Assumptions.assumeTrue(mounted, "mounting a small tmpfs needs root; not available here");
        try {
            Path dir = mnt.resolve("run");
            Cli first = Cli.run("train", "--spec", "conf/iris.yaml", "--set", "training.epochs=2", "--out", dir.toString());
            assertEquals(0, first.exitCode(), first.err());
            byte[] model = Files.readAllBytes(dir.resolve("model/model.zip"));
            fill(mnt.resolve("filler"), 64 * 1024); // leave 64 KB: the next run cannot finish

            Cli full = Cli.run("train", "--spec", "conf/iris.yaml", "--set", "training.epochs=2", "--out",
                    dir.toString(), "--overwrite");
            assertNotEquals(0, full.exitCode());
            String err = full.err().strip();
            assertTrue(err.contains("No space left on device"), err);
            assertFalse(err.contains("\n"), "one line: " + err);
            assertArrayEquals(model, Files.readAllBytes(dir.resolve("model/model.zip")), "the previous model is untouched");
            assertTrue(Files.exists(dir.resolve("_SUCCESS")));
        } finally {
            run("umount", "-l", mnt.toString());
        }
    }

    /**
     * An export that runs out of space (each format in turn, over a previous file with --overwrite): one
     * line naming the cause, the previous file untouched, no temporary file left.
     */
    @Test
    void anExportOntoAFullDiskFailsWithOneLineAndLeavesThePreviousFile(@TempDir Path models) throws Exception {
        Path mnt = Path.of("target", "disk-full-export").toAbsolutePath();
        Files.createDirectories(mnt);
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mnt.toString()) == 0;
        Assumptions.assumeTrue(mounted, "mounting a small tmpfs needs root; not available here");
        try {
            // 2 -> 4000 -> 1: about 48 KB of weights in either format
            Path model = ExportCommandTest.model(models, "wide", new DenseLayer.Builder().nIn(2).nOut(4000)
                    .activation(org.nd4j.linalg.activations.Activation.RELU).build());
            Path out = mnt.resolve("model.export");
            Files.writeString(out, "the previous export");
            fill(mnt.resolve("filler"), 16 * 1024);
            for (String format : List.of("onnx", "keras-h5")) {
                Cli full = Cli.run("export", "--model", model.toString(), "--format", format, "--out", out.toString(),
                        "--overwrite");
                assertNotEquals(0, full.exitCode(), format);
                String err = full.err().strip();
                assertTrue(err.contains("No space left on device"), format + ": " + err);
                assertFalse(err.contains("\n"), "one line: " + err);
                assertEquals("the previous export", Files.readString(out), format);
                try (var files = Files.list(mnt)) {
                    assertEquals(List.of("filler", "model.export"), files.map(f -> f.getFileName().toString()).sorted().toList());
                }
            }
        } finally {
            run("umount", "-l", mnt.toString());
        }
    }

    /** Grows {@code f} until at most {@code leave} bytes are free on its file system. */
    private static void fill(Path f, long leave) throws IOException {
        long free = Files.getFileStore(f.getParent()).getUsableSpace();
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            byte[] chunk = new byte[4096];
            for (long written = 0; written < free - leave; written += chunk.length) {
                raf.write(chunk);
            }
        }
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
