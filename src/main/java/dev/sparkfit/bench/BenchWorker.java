package dev.sparkfit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.job.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.util.Map;

/**
 * One benchmarked system in its own JVM, so that each gets the thread settings it is measured with
 * and none inherits another's warm caches. Prints one line: {@value #PREFIX} and the result as JSON.
 */
public final class BenchWorker {

    static final String PREFIX = "BENCH_RESULT ";
    static final ObjectMapper JSON = new ObjectMapper();

    private BenchWorker() {
    }

    public static void main(String[] args) throws Exception {
        String system = args[0];
        BenchOptions o = JSON.readValue(args[1], BenchOptions.class);
        double budget = Double.parseDouble(args[2]);
        BenchResult r = run(system, o, budget, null);
        System.out.println(PREFIX + JSON.writeValueAsString(r));
        System.out.flush();
        System.exit(0); // Spark's and ND4J's non-daemon threads must not keep the process alive
    }

    /** Runs {@code system}; with {@code spark} null in a session of its own, else in {@code spark} (left running). */
    static BenchResult run(String system, BenchOptions o, double budget, SparkSession spark) throws Exception {
        return switch (system) {
            case "gemm" -> Dl4jSingleSystem.gemm(o);
            case "dl4j-single", "dl4j-single-omp1" -> Dl4jSingleSystem.run(o, system);
            default -> withSpark(o, spark, session -> switch (system) {
                case "sparkfit-epoch" -> SparkfitSystem.run(session, o, system, "averaging", "epoch");
                case "sparkfit-8" -> SparkfitSystem.run(session, o, system, "averaging", "8");
                case "sparkfit-dl4j-fit" -> SparkfitSystem.run(session, o, system, "averaging-dl4j-fit", "epoch");
                case "dl4j-paramavg" -> SparkfitSystem.run(session, o, system, "dl4j-paramavg", "10");
                case "mllib-mlp" -> MllibSystem.run(session, o, budget);
                default -> throw new IllegalArgumentException("unknown system " + system);
            });
        };
    }

    interface SparkWork {
        BenchResult run(SparkSession spark) throws Exception;
    }

    private static BenchResult withSpark(BenchOptions o, SparkSession running, SparkWork work) throws Exception {
        if (running != null) {
            return work.run(running);
        }
        SparkSession spark = SparkSessions.create("sparkfit bench", o.master(),
                Map.of("spark.ui.enabled", "false", "spark.driver.host", "127.0.0.1"));
        try {
            return work.run(spark);
        } finally {
            spark.stop();
        }
    }
}
