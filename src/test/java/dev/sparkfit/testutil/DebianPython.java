package dev.sparkfit.testutil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a checking script with Debian's Python ({@value #PYTHON}), where {@code apt-get install python3-h5py
 * python3-numpy python3-onnx} puts its packages (.ci/run installs them when missing).
 */
public final class DebianPython {

    public static final String PYTHON = "/usr/bin/python3";

    private DebianPython() {
    }

    /** Runs {@code script args...}; fails the test with the script's output unless it exits 0. Returns stdout. */
    public static String check(String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-B", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
        }
        assertTrue(done, script + " did not finish in 120 s: " + out);
        assertEquals(0, p.exitValue(), script + " failed (needs apt-get install python3-h5py python3-numpy python3-onnx):\n"
                + out);
        return out;
    }
}
