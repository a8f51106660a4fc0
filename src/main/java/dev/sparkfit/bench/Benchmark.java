package dev.sparkfit.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private final boolean inProcess;

    public Benchmark(BenchOptions options, Path logDir, Consumer<String> console) {
        this(options, logDir, console, false);
    }

    /** {@code inProcess}: every system in this JVM and its Spark session, a smoke test of the systems, not a measurement. */
    public Benchmark(BenchOptions options, Path logDir, Consumer<String> console, boolean inProcess) {
        this.options = options;
        this.logDir = logDir;
        this.console = console;
        this.inProcess = inProcess;
    }

    public List<BenchResult> run() throws IOException, InterruptedException {
        List<BenchResult> results = new ArrayList<>();
        double budget = Double.NaN;
        for (String system : options.systems()) {
            console.accept("bench: running " + system + " ...");
            BenchResult r;
            try {
                r = inProcess ? BenchWorker.run(system, options, budget,
                        dev.sparkfit.job.SparkSessions.running() ? org.apache.spark.sql.SparkSession.active() : null)
                        : runChild(system, budget);
            } catch (IOException | InterruptedException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("bench: " + system + " failed: " + e.getMessage(), e);
            }
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
        List<String> cmd = ChildJvm.command(BenchWorker.class, null, List.of(system,
                BenchWorker.JSON.writeValueAsString(options), Double.toString(budget)));
        // DL4J's default threads for the plain single-JVM run, as a user gets them; one BLAS thread otherwise.
        Map<String, String> env = new java.util.HashMap<>();
        env.put("OMP_NUM_THREADS", system.equals("dl4j-single") ? null : "1");
        String result = ChildJvm.run(cmd, env, BenchWorker.PREFIX, logDir.resolve(system + ".log").toFile(), 2,
                "bench: " + system);
        return BenchWorker.JSON.readValue(result, BenchResult.class);
    }
}
