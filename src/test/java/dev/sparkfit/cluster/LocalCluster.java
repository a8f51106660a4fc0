package dev.sparkfit.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on 127.0.0.1 (one Master, two one-core Workers, executors in their
 * own JVMs) through {@code scripts/local-cluster.sh}, and runs of {@code scripts/sparkfit-submit}.
 * Ports differ from the script's defaults so a developer's own cluster is left alone.
 */
final class LocalCluster implements AutoCloseable {

    static final Path ROOT = Path.of("").toAbsolutePath();

    private final Path dir;
    private final Map<String, String> env;
    final String master;

    /** A finished process: its exit code and what it printed. */
    record Result(int exit, String stdout, String stderr) {

        /** The last stdout line: a command's result as one JSON line. */
        String lastLine() {
            List<String> lines = stdout.lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    private LocalCluster(Path dir, int port, Map<String, String> env) {
        this.dir = dir;
        this.master = "spark://127.0.0.1:" + port;
        this.env = env;
    }

    /** Starts a cluster whose state lives in {@code target/<name>}; {@code extraEnv} goes to every daemon. */
    static LocalCluster start(String name, int port, Map<String, String> extraEnv) throws Exception {
        Path dir = ROOT.resolve("target").resolve(name);
        Map<String, String> env = new java.util.HashMap<>(extraEnv);
        env.put("SPARKFIT_CLUSTER_DIR", dir.toString());
        env.put("SPARKFIT_MASTER_PORT", String.valueOf(port));
        env.put("SPARKFIT_MASTER_UI_PORT", String.valueOf(port + 1000));
        LocalCluster c = new LocalCluster(dir, port, env);
        Result r = c.run(List.of("scripts/local-cluster.sh", "start"), Map.of(), 5);
        if (r.exit() != 0) {
            c.close();
            throw new IllegalStateException("cluster did not start: " + r.stderr());
        }
        return c;
    }

    /** Runs {@code command} (relative to the repository) with this cluster's environment plus {@code extra}. */
    Result run(List<String> command, Map<String, String> extra, int minutes) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putAll(extra);
        return runHere(command, all, minutes);
    }

    /** Runs {@code command} (relative to the repository) with this JVM's environment plus {@code env}. */
    static Result runHere(List<String> command, Map<String, String> env, int minutes) throws Exception {
        return runHere(command, env, minutes, null);
    }

    /** As above, with {@code stdin} (a file, or null for none) as the process's standard input. */
    static Result runHere(List<String> command, Map<String, String> env, int minutes, Path stdin) throws Exception {
        Path out = Files.createTempFile("sparkfit-it", ".out");
        Path err = Files.createTempFile("sparkfit-it", ".err");
        List<String> cmd = new ArrayList<>(command);
        cmd.set(0, ROOT.resolve(cmd.get(0)).toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        try {
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + minutes
                        + " min; stderr: " + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** sparkfit-submit with this cluster as the master. */
    Result submit(List<String> args, Map<String, String> extraEnv) throws Exception {
        return submit(10, args, extraEnv);
    }

    /** As above, allowed {@code minutes} to finish. */
    Result submit(int minutes, List<String> args, Map<String, String> extraEnv) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("scripts/sparkfit-submit", "--master", master));
        cmd.addAll(args);
        return run(cmd, extraEnv, minutes);
    }

    /** The stderr files of the executors the Workers started, one per executor JVM. */
    List<Path> executorLogs() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().equals("stderr"))
                    .filter(p -> p.getParent().getParent().getFileName().toString().startsWith("app-")).toList();
        }
    }

    @Override
    public void close() throws Exception {
        run(List.of("scripts/local-cluster.sh", "stop"), Map.of(), 2);
    }
}
