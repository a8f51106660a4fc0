package dev.sparkfit.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bad spec stops every command with exit 2 before a Spark session exists (checked in a fresh JVM). */
class SpecErrorsNoSparkTest {

    @Test
    void aBadSpecNeverStartsSpark() throws Exception {
        List<String> cmd = dev.sparkfit.bench.ChildJvm.command(SpecErrorsNoSparkProbe.class, null, List.of());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("PROBE ")) {
                    lines.add(line);
                }
            }
        }
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(5, lines.size(), lines.toString());
        for (String line : lines.subList(0, 4)) {
            assertTrue(line.contains(" exit=2 err=sparkfit: ") && line.endsWith("training.batch_size: 0 is not >= 1")
                    && !line.contains("\\n"), line);
        }
        assertEquals("PROBE session=false", lines.get(4));
    }
}
