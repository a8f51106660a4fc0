package dev.sparkfit.bench;

import java.util.Arrays;
import java.util.List;

/**
 * What one system measured: seconds per epoch (each epoch, and the median), test accuracy, total
 * seconds, and a note (settings, or why a number is missing). {@code NaN} where a number does not apply.
 */
public record BenchResult(String system, String note, List<Double> epochSeconds, double testAccuracy,
                          double totalSeconds, double gflops) {

    public BenchResult {
        epochSeconds = List.copyOf(epochSeconds);
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
