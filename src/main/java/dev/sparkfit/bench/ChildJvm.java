package dev.sparkfit.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Another JVM like this one (same java, JVM flags and classpath) running {@code main}: each
 * benchmarked system and scaling cell gets its own, as do the tests that need a fresh JVM.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** The command line; {@code maxHeap} (e.g. "6144m") replaces this JVM's -Xmx when not null. */
    public static List<String> command(Class<?> main, String maxHeap, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            boolean heap = maxHeap != null && arg.startsWith("-Xmx");
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent") && !heap) {
                cmd.add(arg);
            }
        }
        if (maxHeap != null) {
            cmd.add("-Xmx" + maxHeap);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Runs {@code cmd} with stderr to {@code log} and returns what follows {@code prefix} on the last
     * stdout line that starts with it; fails when the process fails, times out or prints no such line.
     */
    static String run(List<String> cmd, Map<String, String> env, String prefix, File log, long hours, String what)
            throws IOException, InterruptedException {
        return run(cmd, env, prefix, log, hours, what, line -> { });
    }

    /** As above, passing each line that starts with {@code prefix} (without it) to {@code each} as it comes. */
    static String run(List<String> cmd, Map<String, String> env, String prefix, File log, long hours, String what,
                      java.util.function.Consumer<String> each) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        log.getParentFile().mkdirs();
        pb.redirectError(log);
        Process p = pb.start();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(prefix)) {
                    result = line.substring(prefix.length());
                    each.accept(result);
                }
            }
        }
        if (!p.waitFor(hours, TimeUnit.HOURS) || p.exitValue() != 0 || result == null) {
            p.destroyForcibly();
            throw new IOException(what + " failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + "); see " + log);
        }
        return result;
    }
}
