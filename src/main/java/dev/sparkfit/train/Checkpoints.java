package dev.sparkfit.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkfit.eval.EvalSums;
import dev.sparkfit.io.AtomicFiles;
import dev.sparkfit.io.Dirs;
import dev.sparkfit.io.Json;
import dev.sparkfit.io.Manifest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The checkpoints of one training run, in {@code DIR/epoch-EEEEE-round-RRRRR/}: {@code state.json},
 * the float arrays (parameters, updater state, the outer optimizer's momentum when it keeps one, the
 * best epoch's parameters) as raw little-endian files, and {@code manifest.json} with their checksums. A
 * checkpoint is written under a temporary name, fsynced and renamed; the manifest is written last,
 * so a checkpoint cut short by a crash has none and is skipped. The newest two are kept, so a
 * corrupt or truncated newest one (its checksums do not match) falls back to the one before.
 */
public final class Checkpoints {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final int KEEP = 2;
    private static final String STATE = "state.json";
    private static final String OUTER = "outer-momentum.bin"; // absent when the outer step keeps none

    private final Path dir;

    public Checkpoints(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Commits {@code c} atomically and removes all but the newest {@value #KEEP}. */
    public void commit(Checkpoint c) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + c.name() + ".tmp");
            Dirs.deleteRecursively(tmp);
            Files.createDirectories(tmp);
            writeFloats(tmp.resolve("params.bin"), c.weights().params());
            writeFloats(tmp.resolve("updater.bin"), c.weights().updaterState());
            if (c.weights().outerMomentum() != null) {
                writeFloats(tmp.resolve(OUTER), c.weights().outerMomentum());
            }
            if (c.best() != null) {
                writeFloats(tmp.resolve("best-params.bin"), c.best().params());
                writeFloats(tmp.resolve("best-updater.bin"), c.best().updaterState());
            }
            Files.write(tmp.resolve(STATE), Json.PRETTY.writeValueAsBytes(state(c)));
            Manifest.write(tmp); // fsyncs every file, then the manifest, last
            Path target = dir.resolve(c.name());
            Dirs.deleteRecursively(target);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.fsyncDirectory(dir);
            List<Path> all = committed();
            for (int i = 0; i < all.size() - KEEP; i++) {
                Dirs.deleteRecursively(all.get(i));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write a checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The newest checkpoint whose checksums match; a damaged one is reported and skipped. */
    public Optional<Checkpoint> latest(Consumer<String> console) {
        List<Path> all;
        try {
            all = committed();
        } catch (IOException e) {
            return Optional.empty();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Path p = all.get(i);
            try {
                Manifest.verify(p);
                return Optional.of(read(p));
            } catch (IOException | RuntimeException e) {
                console.accept("checkpoint " + p.getFileName() + " is damaged, using the one before: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    private List<Path> committed() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("epoch-")).sorted().toList();
        }
    }

    private static ObjectNode state(Checkpoint c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", 1);
        n.put("epoch", c.epoch());
        n.put("round", c.round());
        n.put("iteration", c.iteration());
        n.put("loss_sum", c.lossSum());
        n.put("seen", c.seen());
        n.set("running_train", JSON.valueToTree(c.running()));
        n.set("stopping", JSON.valueToTree(c.stopping()));
        n.set("history", JSON.valueToTree(c.history()));
        n.set("best_val", JSON.valueToTree(c.bestVal()));
        n.set("last_val", JSON.valueToTree(c.lastVal()));
        n.put("stop_reason", c.stopReason());
        n.set("plateau", JSON.valueToTree(c.plateau()));
        return n;
    }

    private static Checkpoint read(Path p) throws IOException {
        JsonNode n = JSON.readTree(p.resolve(STATE).toFile());
        if (n.path("format").asInt() != 1) {
            throw new IOException(p + ": checkpoint format " + n.path("format") + " is not 1");
        }
        List<EpochStats> history = new ArrayList<>();
        for (JsonNode e : n.get("history")) {
            history.add(JSON.treeToValue(e, EpochStats.class));
        }
        Weights best = Files.exists(p.resolve("best-params.bin"))
                ? Weights.of(readFloats(p.resolve("best-params.bin")), readFloats(p.resolve("best-updater.bin")))
                : null;
        Weights weights = new Weights(readFloats(p.resolve("params.bin")), readFloats(p.resolve("updater.bin")),
                Files.exists(p.resolve(OUTER)) ? readFloats(p.resolve(OUTER)) : null);
        return new Checkpoint(n.get("epoch").asInt(), n.get("round").asInt(), n.get("iteration").asLong(),
                n.get("loss_sum").asDouble(), n.get("seen").asLong(),
                n.hasNonNull("running_train") ? JSON.treeToValue(n.get("running_train"), EvalSums.class) : null,
                weights, JSON.treeToValue(n.get("stopping"), EarlyStopping.State.class),
                history, best, JSON.treeToValue(n.get("best_val"), EvalSums.class),
                JSON.treeToValue(n.get("last_val"), EvalSums.class),
                n.hasNonNull("stop_reason") ? n.get("stop_reason").asText() : null,
                n.hasNonNull("plateau") ? JSON.treeToValue(n.get("plateau"), PlateauReduction.State.class) : null);
    }

    static void writeFloats(Path f, float[] a) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * a.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(a);
        Files.write(f, b.array());
    }

    static float[] readFloats(Path f) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        if (bytes.length % 4 != 0) {
            throw new IOException(f + ": " + bytes.length + " bytes is not a whole number of floats");
        }
        float[] a = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(a);
        return a;
    }
}
