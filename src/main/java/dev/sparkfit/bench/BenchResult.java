package dev.sparkfit.bench;

import java.util.Arrays;
import java.util.List;

/**
 * What one system measured: seconds per epoch (each epoch, and the median), test accuracy, total
 * seconds, and a note (settings, or why a number is missing). {@code NaN} where a number does not apply.
 * The whole job, as a user waits for it, from the start of the system's process (JVM and Spark start-up
 * included): {@code secondsToModel} until the trained model is saved, {@code secondsToTestAccuracy}
 * until the test set is scored.
 */
public record BenchResult(String system, String note, List<Double> epochSeconds, double testAccuracy,
                          double totalSeconds, double gflops, double secondsToModel, double secondsToTestAccuracy) {

    public BenchResult {
        epochSeconds = List.copyOf(epochSeconds);
    }

    /** Without the whole-job times (a micro-benchmark, or a sweep cell). */
    public BenchResult(String system, String note, List<Double> epochSeconds, double testAccuracy, double totalSeconds,
                       double gflops) {
        this(system, note, epochSeconds, testAccuracy, totalSeconds, gflops, Double.NaN, Double.NaN);
    }

    /** Seconds since this process started (the OS's start time of the process, so the JVM's start-up counts). */
    static double sinceProcessStart() {
        java.time.Instant start = ProcessHandle.current().info().startInstant()
                .orElseGet(() -> java.time.Instant.ofEpochMilli(
                        java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()));
        return java.time.Duration.between(start, java.time.Instant.now()).toNanos() / 1e9;
    }

    /** The median epoch time, or NaN. */
    public double medianEpochSeconds() {
        if (epochSeconds.isEmpty()) {
            return Double.NaN;
        }
        double[] s = epochSeconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static List<Double> list(double... v) {
        return Arrays.stream(v).boxed().toList();
    }
}
