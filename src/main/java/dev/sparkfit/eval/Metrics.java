package dev.sparkfit.eval;

import dev.sparkfit.model.Head;

import java.util.LinkedHashMap;
import java.util.Map;

/** Keras-named metrics from {@link EvalSums}: loss and accuracy, or loss, mae and mse. */
public final class Metrics {

    private Metrics() {
    }

    /** @param prefix "" for training rows, "val_" for validation rows */
    public static Map<String, Double> of(EvalSums s, Head head, String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        double n = s.rows();
        m.put(prefix + "loss", s.lossSum() / n);
        if (head.classification()) {
            m.put(prefix + "accuracy", s.correct() / n);
        } else {
            m.put(prefix + "mae", s.absoluteError() / n);
            m.put(prefix + "mse", s.squaredError() / n);
        }
        return m;
    }
}
