package dev.sparkfit.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs each system in its own JVM, one after another on the same machine, and collects their
 * results. sparkfit and DL4J's Spark master run with one BLAS thread per task, as a Spark job
 * should; single-JVM DL4J runs with ND4J's default threads and again with one.
 */
public final class Benchmark {

    private final BenchOptions options;
    private final Path logDir;
    private final Consumer<String> console;

    public Benchmark(BenchOptions options, Path logDir, Consumer<String> console) {
        this.options = options;
        this.logDir = logDir;
        this.console = console;
    }

    public List<BenchResult> run() throws IOException, InterruptedException {
        List<BenchResult> results = new ArrayList<>();
        double budget = Double.NaN;
        for (String system : options.systems()) {
            console.accept("bench: running " + system + " ...");
            BenchResult r = runChild(system, budget);
            if (system.equals("sparkfit-epoch")) {
                budget = r.epochSeconds().stream().mapToDouble(Double::doubleValue).sum();
            }
            console.accept(String.format(java.util.Locale.ROOT, "bench: %s: median epoch %.2f s, test accuracy %.4f, %.1f s in all",
                    system, r.medianEpochSeconds(), r.testAccuracy(), r.totalSeconds()));
            results.add(r);
        }
        return results;
    }

    private BenchResult runChild(String system, double budget) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchWorker.class.getName(), system,
                BenchWorker.JSON.writeValueAsString(options), Double.toString(budget)));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        if (system.equals("dl4j-single")) {
            env.remove("OMP_NUM_THREADS"); // DL4J's defaults, as a user gets them
        } else {
            env.put("OMP_NUM_THREADS", "1");
        }
        Files.createDirectories(logDir);
        File log = logDir.resolve(system + ".log").toFile();
        pb.redirectError(log);
        Process p = pb.start();
        String result = null;
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(BenchWorker.PREFIX)) {
                    result = line.substring(BenchWorker.PREFIX.length());
                }
            }
        }
        if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0 || result == null) {
            p.destroyForcibly();
            throw new IOException("bench: " + system + " failed (exit " + (p.isAlive() ? "timeout" : p.exitValue())
                    + "); see " + log);
        }
        return BenchWorker.JSON.readValue(result, BenchResult.class);
    }
}
