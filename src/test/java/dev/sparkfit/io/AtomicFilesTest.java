package dev.sparkfit.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Publishing by rename on the real file system: whole files only, no temporary file left behind. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesReplacesAndCreatesParents() throws IOException {
        Path f = dir.resolve("a.json");
        AtomicFiles.writeString(f, "one");
        AtomicFiles.writeString(f, "two");
        assertEquals("two", Files.readString(f));
        AtomicFiles.writeString(dir.resolve("sub/b.txt"), "x");
        assertEquals("x", Files.readString(dir.resolve("sub/b.txt")));
        assertEquals(List.of("a.json", "sub"), names());
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path f = dir.resolve("a.json");
        AtomicFiles.writeString(f, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, true, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("a.json"), names());
    }

    @Test
    void withoutReplaceAFileThatAppearedMeanwhileIsKept() throws IOException {
        Path f = dir.resolve("model.onnx");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> AtomicFiles.write(f, false, tmp -> {
                    Files.writeString(tmp, "ours");
                    Files.writeString(f, "theirs"); // another writer wins the race
                    return null;
                }));
        assertEquals(f.toAbsolutePath() + " appeared while writing; not replaced", e.getMessage());
        assertEquals("theirs", Files.readString(f));
        assertEquals(List.of("model.onnx"), names());
    }

    @Test
    void oneMapperPrettyAndCompact() throws IOException {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("b", 1);
        m.put("a", List.of(1.5));
        assertEquals("{\"b\":1,\"a\":[1.5]}", Json.MAPPER.writeValueAsString(m));
        assertEquals("{\n  \"b\" : 1,\n  \"a\" : [ 1.5 ]\n}", Json.pretty(m));
    }
}
