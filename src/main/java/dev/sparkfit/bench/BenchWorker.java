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
        BenchResult r = switch (system) {
            case "gemm" -> Dl4jSingleSystem.gemm(o);
            case "dl4j-single", "dl4j-single-omp1" -> Dl4jSingleSystem.run(o, system);
            default -> withSpark(o, spark -> switch (system) {
                case "sparkfit-epoch" -> SparkfitSystem.run(spark, o, system, "averaging", "epoch");
                case "sparkfit-8" -> SparkfitSystem.run(spark, o, system, "averaging", "8");
                case "sparkfit-dl4j-fit" -> SparkfitSystem.run(spark, o, system, "averaging-dl4j-fit", "epoch");
                case "dl4j-paramavg" -> SparkfitSystem.run(spark, o, system, "dl4j-paramavg", "10");
                case "mllib-mlp" -> MllibSystem.run(spark, o, budget);
                default -> throw new IllegalArgumentException("unknown system " + system);
            });
        };
        System.out.println(PREFIX + JSON.writeValueAsString(r));
        System.out.flush();
        System.exit(0); // Spark's and ND4J's non-daemon threads must not keep the process alive
    }

    interface SparkWork {
        BenchResult run(SparkSession spark) throws Exception;
    }

    private static BenchResult withSpark(BenchOptions o, SparkWork work) throws Exception {
        SparkSession spark = SparkSessions.create("sparkfit bench", o.master(),
                Map.of("spark.ui.enabled", "false", "spark.driver.host", "127.0.0.1"));
        try {
            return work.run(spark);
        } finally {
            spark.stop();
        }
    }
}
