package dev.sparkfit.tuning;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Folds are the same when Spark retries a task that deals them. Needs a session whose tasks may be
 * retried ({@code local[2,4]}), so it runs {@link FoldsRetryProbe} in its own JVM.
 */
class FoldsRetryTest {

    @Test
    void aRetriedTaskDealsTheSameFolds() throws Exception {
        List<String> cmd = dev.sparkfit.bench.ChildJvm.command(FoldsRetryProbe.class, null, List.of());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String probe = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("PROBE ")) {
                    probe = line;
                }
            }
        }
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "probe finished");
        assertEquals(0, p.exitValue(), String.valueOf(probe));
        assertTrue(probe != null && probe.contains("retried=") && !probe.contains("retried=0"),
                "a task was really retried: " + probe);
        assertTrue(probe.contains("equal=true"), probe);
    }
}
