package dev.sparkfit.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.io.Json;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The exclusive lock of a run directory: the file {@value #FILE}, created atomically (a hard link of a
 * complete temporary file, so nobody reads a half-written lock; {@code link(2)} fails when the name
 * exists, on a local or a shared disk alike) before anything else is written. It records the host, the
 * process id and the start time; its modification time is the heartbeat, refreshed every
 * {@link #HEARTBEAT} while the lock is held. A lock whose holder is gone (same host, no such process) or
 * whose heartbeat is older than {@link #STALE_AFTER} is stale and is taken over, under a second
 * create-if-absent file so two processes never take it over together.
 */
public final class RunLock implements AutoCloseable {

    public static final String FILE = "_LOCK";
    public static final Duration HEARTBEAT = Duration.ofSeconds(10);
    public static final Duration STALE_AFTER = Duration.ofSeconds(60);
    private static final String TAKEOVER = "_LOCK.takeover";
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Set<RunLock> HELD = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService BEAT = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sparkfit-run-lock-heartbeat");
        t.setDaemon(true);
        return t;
    });

    static {
        // System.exit (and SIGTERM's exit 143) release the locks still held; kill -9 leaves a stale one.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> HELD.forEach(RunLock::close), "sparkfit-run-lock-release"));
    }

    /** Who holds a lock, as its file says; {@code heartbeat} is the file's modification time. */
    public record Holder(String host, long pid, Instant started, String token, Instant heartbeat) {

        /** The one line naming the holder, for "in use" and "taken over" messages. */
        public String describe() {
            long age = Math.max(0, Duration.between(heartbeat, Instant.now()).toSeconds());
            return "process " + pid + " on " + host + " (started " + started + ", heartbeat " + age + " s ago)";
        }

        /** Gone: its process no longer exists on this host, or its heartbeat is older than {@link #STALE_AFTER}. */
        boolean stale() {
            if (heartbeat.isBefore(Instant.now().minus(STALE_AFTER))) {
                return true;
            }
            if (!host.equals(hostName())) {
                return false; // another machine: only the heartbeat can tell
            }
            if (pid == ProcessHandle.current().pid()) {
                return HELD.stream().noneMatch(l -> l.token.equals(token)); // an earlier command of this JVM
            }
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            // a reused pid belongs to a process started after the lock
            return p.isEmpty() || p.get().info().startInstant().map(s -> s.isAfter(started.plusSeconds(5))).orElse(false);
        }
    }

    /** Thrown when a live process holds the lock. */
    public static final class HeldException extends IOException {
        private final transient Holder holder;

        HeldException(Path dir, Holder holder) {
            super(dir + " is in use by " + holder.describe() + "; wait for it to finish, or stop it (its lock "
                    + dir.resolve(FILE) + " is taken over once the process has ended or its heartbeat is older than "
                    + STALE_AFTER.toSeconds() + " s)");
            this.holder = holder;
        }

        public Holder holder() {
            return holder;
        }
    }

    private final Path dir;
    private final String token;
    private final boolean createdDir;
    private final java.util.concurrent.ScheduledFuture<?> beat;
    private final Holder takenOverFrom;

    private RunLock(Path dir, String token, boolean createdDir, Holder takenOverFrom) {
        this.dir = dir;
        this.token = token;
        this.createdDir = createdDir;
        this.takenOverFrom = takenOverFrom;
        HELD.add(this);
        long ms = HEARTBEAT.toMillis();
        this.beat = BEAT.scheduleAtFixedRate(this::heartbeat, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lock of {@code dir} (creating the directory if needed), taking over a stale one;
     * throws {@link HeldException} when a live process holds it.
     */
    public static RunLock acquire(Path dir) throws IOException {
        boolean created = !Files.isDirectory(dir);
        Files.createDirectories(dir);
        String token = UUID.randomUUID().toString();
        if (create(dir, token)) {
            return new RunLock(dir, token, created, null);
        }
        Holder holder = read(dir).orElse(null);
        if (holder == null) { // released between our attempt and the read
            if (create(dir, token)) {
                return new RunLock(dir, token, created, null);
            }
            holder = read(dir).orElseThrow(() -> new IOException(dir.resolve(FILE) + " appears and vanishes; retry"));
        }
        if (!holder.stale()) {
            throw new HeldException(dir, holder);
        }
        Path takeover = dir.resolve(TAKEOVER);
        try {
            Files.createFile(takeover);
        } catch (FileAlreadyExistsException e) {
            if (Files.getLastModifiedTime(takeover).toInstant().isAfter(Instant.now().minus(STALE_AFTER))) {
                throw new HeldException(dir, holder); // another process is taking it over right now
            }
            Files.setLastModifiedTime(takeover, FileTime.from(Instant.now())); // left by a crash mid-takeover
        }
        try {
            Holder again = read(dir).orElse(null);
            if (again != null && !again.token().equals(holder.token())) {
                throw new HeldException(dir, again); // a new holder came in between
            }
            Files.deleteIfExists(dir.resolve(FILE));
            if (!create(dir, token)) {
                throw new HeldException(dir, read(dir).orElse(holder));
            }
            return new RunLock(dir, token, created, holder);
        } finally {
            Files.deleteIfExists(takeover);
        }
    }

    /** The holder of {@code dir}'s lock, if it has one. */
    public static Optional<Holder> read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        try {
            JsonNode n = JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
            Instant beat = Files.getLastModifiedTime(f).toInstant();
            return Optional.of(new Holder(n.path("host").asText("?"), n.path("pid").asLong(-1),
                    Instant.parse(n.path("started").asText(Instant.EPOCH.toString())), n.path("token").asText(""), beat));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // unreadable (not written by sparkfit, or damaged): judged by its age alone
            FileTime t = Files.getLastModifiedTime(f);
            return Optional.of(new Holder("?", -1, t.toInstant(), "", t.toInstant()));
        }
    }

    /** The holder this lock replaced, when it took over a stale lock. */
    public Optional<Holder> takenOverFrom() {
        return Optional.ofNullable(takenOverFrom);
    }

    public Path dir() {
        return dir;
    }

    /** Writes a complete lock file beside {@code dir} and links it in; false when the lock exists. */
    private static boolean create(Path dir, String token) throws IOException {
        var n = JSON.createObjectNode();
        n.put("host", hostName());
        n.put("pid", ProcessHandle.current().pid());
        n.put("started", Instant.now().toString());
        n.put("token", token);
        Path lock = dir.resolve(FILE);
        Path tmp = dir.resolve("." + FILE + "." + token);
        Files.writeString(tmp, n.toPrettyString(), StandardCharsets.UTF_8);
        try {
            Files.createLink(lock, tmp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | IOException e) {
            // no hard links on this file system: create-if-absent, then the content
            try {
                Files.writeString(lock, n.toPrettyString(), StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException again) {
                return false;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void heartbeat() {
        try {
            Files.setLastModifiedTime(dir.resolve(FILE), FileTime.from(Instant.now()));
        } catch (IOException | RuntimeException e) {
            // a missed beat is not fatal: the next one comes in HEARTBEAT, and stale means STALE_AFTER
        }
    }

    /**
     * Releases the lock when it is still this process's; removes the directory too when acquire
     * created it and nothing else was written.
     */
    @Override
    public void close() {
        if (!HELD.remove(this)) {
            return;
        }
        beat.cancel(false);
        try {
            Optional<Holder> h = read(dir);
            if (h.isPresent() && h.get().token().equals(token)) {
                Files.deleteIfExists(dir.resolve(FILE));
            }
            if (createdDir) {
                try (var s = Files.list(dir)) {
                    if (s.findAny().isEmpty()) {
                        Files.deleteIfExists(dir);
                    }
                }
            }
        } catch (IOException e) {
            // the lock stays and is stale once this process has ended
        }
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
