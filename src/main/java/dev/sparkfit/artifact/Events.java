package dev.sparkfit.artifact;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkfit.io.Json;
import dev.sparkfit.train.EpochStats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;

/**
 * {@code events.jsonl}: one JSON object per line, per phase and per epoch, flushed as it is written,
 * so a person or a scheduler can follow a run on a cluster ({@code tail -f}). Appends: a resumed run
 * continues the same file.
 */
public final class Events implements AutoCloseable {

    public static final String FILE = "events.jsonl";
    private static final ObjectMapper JSON = Json.MAPPER;

    private final Writer out;

    public Events(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** A phase event, e.g. {@code phase("data", Map.of("rows", 1309))}. */
    public void phase(String name, Map<String, ?> fields) {
        ObjectNode n = JSON.createObjectNode();
        n.put("event", "phase");
        n.put("phase", name);
        fields.forEach((k, v) -> n.set(k, JSON.valueToTree(v)));
        write(n);
    }

    /** An epoch event with its metrics; {@code scope} names the fold or step ("train", "fold 2/5"). */
    public void epoch(String scope, EpochStats e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("event", "epoch");
        n.put("scope", scope);
        n.put("epoch", e.epoch());
        ObjectNode m = n.putObject("metrics");
        e.values().forEach((k, v) -> {
            if (Double.isFinite(v)) {
                m.put(k, v);
            }
        });
        n.put("seconds", e.seconds());
        write(n);
    }

    /**
     * A storage event: the blocks of {@code scope} after an epoch in which some were on disk or were
     * rebuilt ({@code fields}: epoch, rebuilt_this_epoch, and per side partitions, bytes in memory and on disk).
     */
    public void storage(String scope, Map<String, ?> fields) {
        ObjectNode n = JSON.createObjectNode();
        n.put("event", "storage");
        n.put("scope", scope);
        fields.forEach((k, v) -> n.set(k, JSON.valueToTree(v)));
        write(n);
    }

    private synchronized void write(ObjectNode n) {
        n.put("time", Instant.now().toString());
        try {
            out.write(JSON.writeValueAsString(n));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + FILE + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
