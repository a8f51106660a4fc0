package dev.sparkfit.bench;

import java.util.List;

/**
 * One cell of the convergence sweep: a worker count, an averaging setting and a variant, with the test
 * accuracy after the run, each epoch's seconds, and how the engine resolved its settings (the line it
 * printed, e.g. {@code 32 workers: averaging every 4 minibatches; outer optimizer nesterov ...}).
 */
public record SweepCell(int workers, String averaging, String variant, double testAccuracy, double testLoss,
                        List<Double> epochSeconds, double totalSeconds, String settings) {

    public SweepCell {
        epochSeconds = List.copyOf(epochSeconds);
    }

    public double medianEpochSeconds() {
        return new BenchResult("", "", epochSeconds, Double.NaN, Double.NaN, Double.NaN).medianEpochSeconds();
    }
}
