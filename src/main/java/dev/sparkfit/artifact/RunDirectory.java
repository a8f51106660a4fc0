package dev.sparkfit.artifact;

import dev.sparkfit.io.AtomicFiles;
import dev.sparkfit.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

/**
 * The folder of one run: {@code spec.yaml}, {@code model/}, {@code history.csv|json},
 * {@code metrics.json}, {@code report.html}, {@code plots/} and, written last, {@code _SUCCESS}.
 * Files are written to a temporary name and renamed, so none is ever seen half-written.
 */
public final class RunDirectory {

    public static final String SUCCESS = "_SUCCESS";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = Json.MAPPER;
    /** Written first: the spec hash a rerun of the same --run-id is checked against. */
    public static final String RUN_INFO = "run.json";

    /** What a stable run directory (--run-id, --resume) holds when a command starts. */
    public enum State { EMPTY, FINISHED, UNFINISHED }

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** The default location: {@code runs/<name>-<yyyyMMdd-HHmmss>}. */
    public static Path defaultPath(String name, LocalDateTime now) {
        return Path.of("runs", name + "-" + now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /** Creates {@code root}; refuses a folder that already has files unless {@code overwrite}. */
    public static RunDirectory create(Path root, boolean overwrite) throws IOException {
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = contents(root)) {
                if (s.findAny().isPresent()) {
                    if (!overwrite) {
                        throw new IOException("output directory " + root + " is not empty (use --overwrite to replace it)");
                    }
                    clear(root);
                }
            }
        }
        Files.createDirectories(root);
        return new RunDirectory(root);
    }

    /** The state of {@code root}; {@code null} hash when it has files but no run.json (not a sparkfit run). */
    public static State state(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return State.EMPTY;
        }
        try (Stream<Path> s = contents(root)) {
            if (s.findAny().isEmpty()) {
                return State.EMPTY;
            }
        }
        return Files.exists(root.resolve(SUCCESS)) ? State.FINISHED : State.UNFINISHED;
    }

    /** The spec hash recorded by the run in {@code root}, or null when there is none. */
    public static String specHash(Path root) {
        try {
            return JSON.readTree(root.resolve(RUN_INFO).toFile())
                    .path("spec_hash").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Reopens an unfinished run to resume it: its checkpoints and events stay; a model, metrics or
     * {@code _SUCCESS} it may have half-produced are removed (they are rebuilt from the checkpoint).
     */
    public static RunDirectory reopen(Path root) throws IOException {
        RunDirectory run = new RunDirectory(root);
        ModelStore.deleteRecursively(run.model());
        try (Stream<Path> s = contents(root)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".")).toList()) {
                ModelStore.deleteRecursively(p); // temporary files of the killed attempt
            }
        }
        return run;
    }

    /** What {@code root} holds besides its lock ({@link RunLock}: the lock file and its temporary names). */
    public static Stream<Path> contents(Path root) throws IOException {
        return Files.list(root).filter(p -> !p.getFileName().toString().startsWith(RunLock.FILE)
                && !p.getFileName().toString().startsWith("." + RunLock.FILE));
    }

    /** Moves everything in {@code from} but its lock into {@code to} (created), each entry in one atomic move. */
    public static void moveContents(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = contents(from)) {
            for (Path p : s.toList()) {
                Files.move(p, to.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    /** Deletes everything in {@code root} but its lock. */
    public static void clear(Path root) throws IOException {
        try (Stream<Path> s = contents(root)) {
            for (Path p : s.toList()) {
                ModelStore.deleteRecursively(p);
            }
        }
    }

    /** Records {@code specHash} (and the command) for later reruns of the same run id. */
    public void writeRunInfo(String command, String specHash, String runId) throws IOException {
        var n = JSON.createObjectNode();
        n.put("command", command);
        n.put("spec_hash", specHash);
        n.put("run_id", runId);
        writeAtomically(RUN_INFO, n.toPrettyString());
    }

    public Path root() {
        return root;
    }

    public Path file(String name) {
        return root.resolve(name);
    }

    public Path model() {
        return root.resolve("model");
    }

    public Path plots() throws IOException {
        return Files.createDirectories(root.resolve("plots"));
    }

    /** Writes {@code text} to {@code name} through a temporary file and an atomic rename. */
    public void writeAtomically(String name, String text) throws IOException {
        AtomicFiles.writeString(root.resolve(name), text);
    }

    /** Marks the run complete; call only after everything else is written. */
    public void markSuccess() throws IOException {
        writeAtomically(SUCCESS, "");
    }

    public boolean succeeded() {
        return Files.exists(root.resolve(SUCCESS));
    }
}
