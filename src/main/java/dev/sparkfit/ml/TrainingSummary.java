package dev.sparkfit.ml;

import dev.sparkfit.model.Head;
import dev.sparkfit.train.TrainResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a fit went: one {@link Epoch} per epoch run, and the final metrics of the kept parameters (the
 * best epoch's when early stopping restored them) under the names {@code metrics.json} of {@code
 * sparkfit train} uses ({@code loss}, {@code val_loss}, {@code val_accuracy}, ...).
 */
public record TrainingSummary(List<Epoch> history, Map<String, Double> finalMetrics, int bestEpoch,
                              int epochsRun, boolean stoppedEarly, long trainRows, long valRows, int workers)
        implements java.io.Serializable {

    /** One epoch's values: loss and metrics, with {@code val_} for the validation rows, and the learning rate. */
    public record Epoch(int epoch, Map<String, Double> values, double seconds) implements java.io.Serializable {

        public Epoch {
            values = Map.copyOf(values);
        }

        /** The value of {@code name}, or NaN when this epoch has none. */
        public double value(String name) {
            return values.getOrDefault(name, Double.NaN);
        }
    }

    public TrainingSummary {
        history = List.copyOf(history);
        finalMetrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(finalMetrics));
    }

    /** A final metric, e.g. {@code metric("val_accuracy")}; NaN when the run has none of that name. */
    public double metric(String name) {
        return finalMetrics.getOrDefault(name, Double.NaN);
    }

    static TrainingSummary of(TrainResult r, Head head, long trainRows, long valRows, int workers) {
        List<Epoch> epochs = new ArrayList<>();
        for (var e : r.history().epochs()) {
            epochs.add(new Epoch(e.epoch(), e.values(), e.seconds()));
        }
        return new TrainingSummary(epochs, finalMetrics(r, head), r.bestEpoch(), r.epochsRun(), r.stoppedEarly(),
                trainRows, valRows, workers);
    }

    /**
     * The kept epoch's values (without the learning rate, a setting) and, with validation rows, the
     * metrics of the returned parameters on them: what {@code sparkfit train} writes to metrics.json.
     */
    public static Map<String, Double> finalMetrics(TrainResult r, Head head) {
        Map<String, Double> m = new LinkedHashMap<>();
        var epochs = r.history().epochs();
        var kept = r.restoredBestWeights() ? epochs.get(r.bestEpoch() - 1) : epochs.get(epochs.size() - 1);
        kept.values().forEach((k, v) -> {
            if (!k.equals("learning_rate")) {
                m.put(k, v);
            }
        });
        if (r.finalValidation() != null) {
            m.putAll(r.metrics().of(r.finalValidation(), head, "val_"));
        }
        return m;
    }
}
