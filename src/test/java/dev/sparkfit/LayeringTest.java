package dev.sparkfit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Arrows point down the stages: {@code artifact} reads what {@code train} produces, never the reverse,
 * and {@code io} is plumbing that imports no other sparkfit package. Read from the sources.
 */
class LayeringTest {

    private static final Path MAIN = Path.of("src/main/java/dev/sparkfit");

    private static List<String> importing(String pkg, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(MAIN.resolve(pkg))) {
            return files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream().filter(l -> l.startsWith("import " + prefix))
                            .map(l -> f.getFileName() + ": " + l);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted().toList();
        }
    }

    @Test
    void trainDoesNotImportArtifact() throws IOException {
        assertEquals(List.of(), importing("train", "dev.sparkfit.artifact"));
    }

    @Test
    void ioImportsNoOtherSparkfitPackage() throws IOException {
        assertEquals(List.of(), importing("io", "dev.sparkfit."));
    }
}
