package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkfit.testutil.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parquet folders and libsvm files train as well as CSV does. */
class InputFormatsTest {

    @TempDir
    Path dir;

    @Test
    void parquetFolderWithTypedColumns() throws IOException {
        Path parquet = dir.resolve("titanic");
        TestSpark.get().read().option("header", true).option("inferSchema", true).csv("data-samples/titanic.csv")
                .repartition(3).write().parquet(parquet.toString());
        JsonNode m = SampleSpecsTest.train("conf/titanic.yaml", dir.resolve("run"),
                "--set", "data.path=" + parquet, "--set", "training.epochs=3");
        assertEquals(1309, m.get("train_rows").asLong() + m.get("val_rows").asLong());
        assertTrue(m.get("val_accuracy").asDouble() > 0.6, m.toString());
    }

    @Test
    void libsvmFileAsClassification() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("data-samples/iris.csv"));
        StringBuilder svm = new StringBuilder();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            svm.append(f[4]).append(" 1:").append(f[0]).append(" 2:").append(f[1])
                    .append(" 3:").append(f[2]).append(" 4:").append(f[3]).append('\n');
        }
        Path file = dir.resolve("iris.libsvm");
        Files.writeString(file, svm);
        JsonNode m = SampleSpecsTest.train("conf/iris.yaml", dir.resolve("svm"),
                "--set", "data.path=" + file, "--set", "data.label=label", "--set", "training.epochs=40");
        assertEquals(150, m.get("train_rows").asLong() + m.get("val_rows").asLong());
        assertTrue(m.get("val_accuracy").asDouble() >= 0.9, m.toString());
        String meta = Files.readString(dir.resolve("svm/model/metadata.json"));
        assertTrue(meta.contains("\"classes\" : [ \"0.0\", \"1.0\", \"2.0\" ]"), meta);
    }
}
