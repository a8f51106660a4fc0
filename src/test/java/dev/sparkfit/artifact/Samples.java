package dev.sparkfit.artifact;

import dev.sparkfit.train.EpochStats;
import dev.sparkfit.train.History;

import java.util.LinkedHashMap;
import java.util.Map;

/** Synthetic histories for tests. */
final class Samples {

    private Samples() {
    }

    static History classification(int epochs, boolean withValidation) {
        History h = new History();
        for (int e = 1; e <= epochs; e++) {
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("loss", 1.2 * Math.exp(-0.25 * e) + 0.05);
            v.put("val_loss", withValidation ? 1.3 * Math.exp(-0.2 * e) + 0.09 + 0.002 * e : Double.NaN);
            v.put("accuracy", 1 - 0.6 * Math.exp(-0.3 * e));
            v.put("val_accuracy", withValidation ? 1 - 0.65 * Math.exp(-0.25 * e) : Double.NaN);
            h.add(new EpochStats(e, v, 0.5 + e / 100.0));
        }
        return h;
    }
}
