package dev.sparkfit.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The README's Java example is {@link TitanicPipeline}'s code, line for line, so it compiles with the
 * build and runs under spark-submit in {@code cluster.SparkApiIT}; the Scala example is run in a
 * spark-shell there, read from the README itself.
 */
public class ReadmeExamplesTest {

    /** The lines of the first fenced block in README.md that opens with {@code fence}. */
    public static List<String> block(String fence) throws IOException {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        int start = readme.indexOf(fence);
        if (start < 0) {
            throw new IllegalStateException("README.md has no " + fence + " block");
        }
        List<String> lines = new ArrayList<>();
        for (int i = start + 1; !readme.get(i).equals("```"); i++) {
            lines.add(readme.get(i));
        }
        return lines;
    }

    @Test
    void theJavaExampleIsTitanicPipelinesCode() throws IOException {
        List<String> readme = block("```java");
        assertFalse(readme.isEmpty());
        List<String> source = Files.readAllLines(Path.of("src/main/java/dev/sparkfit/examples/TitanicPipeline.java"));
        int from = source.indexOf("        // The README's lines, as they are run here:") + 1;
        List<String> code = source.subList(from, from + readme.size()).stream().map(l -> l.substring(8)).toList();
        assertEquals(readme, code);
        assertEquals("        // End of the README's lines.", source.get(from + readme.size()));
    }
}
