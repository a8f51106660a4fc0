package dev.sparkfit.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code manifest.json}: the SHA-256 and size of every file in a directory, written last so that its
 * presence means the rest is complete. {@link #verify} recomputes each checksum and refuses a directory
 * with a missing, changed, truncated or unlisted file.
 */
public final class Manifest {

    public static final String FILE = "manifest.json";
    private static final ObjectMapper JSON = Json.MAPPER;

    private Manifest() {
    }

    /** Fsyncs every regular file under {@code dir}, then writes and fsyncs the manifest naming them. */
    public static void write(Path dir) throws IOException {
        ObjectNode files = JSON.createObjectNode();
        for (Path f : files(dir)) {
            fsync(f);
            ObjectNode e = files.putObject(dir.relativize(f).toString().replace('\\', '/'));
            e.put("sha256", sha256(f));
            e.put("size", Files.size(f));
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("format", 1);
        root.set("files", files);
        Path m = dir.resolve(FILE);
        Files.write(m, Json.PRETTY.writeValueAsBytes(root));
        fsync(m);
    }

    /** Throws an IOException naming the first file that does not match the manifest. */
    public static void verify(Path dir) throws IOException {
        Path m = dir.resolve(FILE);
        if (!Files.isRegularFile(m)) {
            throw new IOException(dir + ": " + FILE + " is missing (the directory was never completed)");
        }
        Map<String, String> want = new LinkedHashMap<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        try {
            Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it =
                    JSON.readTree(m.toFile()).get("files").fields();
            while (it.hasNext()) {
                var e = it.next();
                want.put(e.getKey(), e.getValue().get("sha256").asText());
                sizes.put(e.getKey(), e.getValue().get("size").asLong());
            }
        } catch (RuntimeException | IOException e) {
            throw new IOException(m + " is not a readable manifest: " + e.getMessage());
        }
        for (Path f : files(dir)) {
            String name = dir.relativize(f).toString().replace('\\', '/');
            if (!want.containsKey(name)) {
                throw new IOException(dir + ": " + name + " is not listed in " + FILE);
            }
        }
        for (Map.Entry<String, String> e : want.entrySet()) {
            Path f = dir.resolve(e.getKey()).normalize();
            if (!f.startsWith(dir.normalize()) || !Files.isRegularFile(f)) {
                throw new IOException(dir + ": " + e.getKey() + " is listed in " + FILE + " but missing");
            }
            if (Files.size(f) != sizes.get(e.getKey()) || !sha256(f).equals(e.getValue())) {
                throw new IOException(dir + ": " + e.getKey() + " does not match its checksum in " + FILE
                        + " (truncated or changed)");
            }
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.equals(dir.resolve(FILE))).sorted().toList();
        }
    }

    static String sha256(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Forces a file's bytes to disk (see {@link AtomicFiles#fsync}). */
    public static void fsync(Path f) throws IOException {
        AtomicFiles.fsync(f);
    }
}
