package dev.sparkfit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code sparkfit bench --scaling}: how cost grows. Epoch time and driver heap at 1x, 4x and 16x the
 * given rows (two workers, local[2]), then epoch time for 1, 2 and 4 workers on local[2] and local[4].
 * Each cell runs in its own JVM ({@link ScalingWorker}); the table reports the last epoch (warm).
 */
public final class Scaling {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long baseRows;
    private final int epochs;
    private final Path out;
    private final Consumer<String> console;

    public Scaling(long baseRows, int epochs, Path out, Consumer<String> console) {
        this.baseRows = baseRows;
        this.epochs = epochs;
        this.out = out;
        this.console = console;
    }

    /** Runs every cell and writes {@code scaling.json}; returns the two tables as Markdown. */
    public String run() throws IOException, InterruptedException {
        List<ScalingWorker.Cell> byRows = new ArrayList<>();
        for (long rows : new long[] {baseRows, 4 * baseRows, 16 * baseRows}) {
            byRows.add(cell(rows, 2, "local[2]"));
        }
        List<ScalingWorker.Cell> byWorkers = new ArrayList<>();
        for (String master : List.of("local[2]", "local[4]")) {
            for (int workers : new int[] {1, 2, 4}) {
                byWorkers.add(cell(baseRows, workers, master));
            }
        }
        Files.createDirectories(out);
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("scaling.json").toFile(),
                java.util.Map.of("by_rows", byRows, "by_workers", byWorkers));
        StringBuilder t = new StringBuilder("| rows | epoch s | s per 60k rows | driver heap MB (minus blocks) | blocks MB |\n|---|---|---|---|---|\n");
        for (ScalingWorker.Cell c : byRows) {
            double s = last(c.epochSeconds());
            t.append(String.format(Locale.ROOT, "| %,d | %.2f | %.2f | %.0f | %.0f |%n", c.rows(), s,
                    s / c.rows() * 60_000, last(c.heapMb()), c.blocksMb()));
        }
        t.append("\n| master | workers | epoch s |\n|---|---|---|\n");
        for (ScalingWorker.Cell c : byWorkers) {
            t.append(String.format(Locale.ROOT, "| %s | %d | %.2f |%n", c.master(), c.workers(), last(c.epochSeconds())));
        }
        return t.toString();
    }

    private static double last(List<Double> xs) {
        return xs.get(xs.size() - 1);
    }

    private ScalingWorker.Cell cell(long rows, int workers, String master) throws IOException, InterruptedException {
        console.accept("scaling: " + rows + " rows, " + workers + " workers, " + master + " ...");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent") && !arg.startsWith("-Xmx")) {
                cmd.add(arg);
            }
        }
        // Room for the blocks (rows x 794 floats) in this local-mode JVM, plus Spark's own needs.
        long heapMb = 2048 + rows * 794 * 4 / (1 << 20) * 2;
        cmd.add("-Xmx" + heapMb + "m");
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ScalingWorker.class.getName(),
                Long.toString(rows), Integer.toString(workers), master, Integer.toString(epochs)));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Files.createDirectories(out.resolve("logs"));
        File log = out.resolve("logs").resolve("scaling-" + rows + "-" + workers + "-" + master.replaceAll("\\W", "") + ".log").toFile();
        pb.redirectError(log);
        Process p = pb.start();
        String result = null;
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith(ScalingWorker.PREFIX)) {
                    result = line.substring(ScalingWorker.PREFIX.length());
                }
            }
        }
        if (!p.waitFor(1, TimeUnit.HOURS) || p.exitValue() != 0 || result == null) {
            p.destroyForcibly();
            throw new IOException("scaling cell failed; see " + log);
        }
        ScalingWorker.Cell c = JSON.readValue(result, ScalingWorker.Cell.class);
        console.accept(String.format(Locale.ROOT, "scaling: %,d rows, %d workers, %s: last epoch %.2f s, driver heap %.0f MB beyond the %.0f MB of blocks",
                c.rows(), c.workers(), c.master(), last(c.epochSeconds()), last(c.heapMb()), c.blocksMb()));
        return c;
    }
}
