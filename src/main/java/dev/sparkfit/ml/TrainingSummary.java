package dev.sparkfit.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkfit.artifact.ModelRejectedException;
import dev.sparkfit.io.Json;
import dev.sparkfit.model.Head;
import dev.sparkfit.train.TrainResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a fit went: one {@link Epoch} per epoch run, and the final metrics of the kept parameters (the
 * best epoch's when early stopping restored them) under the names {@code metrics.json} of {@code
 * sparkfit train} uses ({@code loss}, {@code val_loss}, {@code val_accuracy}, ...). The fitted models
 * save it as {@code network/summary.json}, listed with its SHA-256 in the network's manifest.
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

    /** Spark's message for a model without a summary (HasTrainingSummary's), followed by the class name. */
    static final String NONE = "No training summary available for this ";

    public TrainingSummary {
        history = List.copyOf(history);
        finalMetrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(finalMetrics));
    }

    /** A final metric, e.g. {@code metric("val_accuracy")}; NaN when the run has none of that name. */
    public double metric(String name) {
        return finalMetrics.getOrDefault(name, Double.NaN);
    }

    /** This summary as the JSON the fitted models save beside their network (format 1). */
    byte[] toJson() {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("format", 1).put("best_epoch", bestEpoch).put("epochs_run", epochsRun).put("stopped_early", stoppedEarly)
                .put("train_rows", trainRows).put("val_rows", valRows).put("workers", workers);
        finalMetrics.forEach(s.putObject("final_metrics")::put);
        ArrayNode h = s.putArray("history");
        for (Epoch e : history) {
            ObjectNode n = h.addObject().put("epoch", e.epoch()).put("seconds", e.seconds());
            new java.util.TreeMap<>(e.values()).forEach(n.putObject("values")::put);
        }
        try {
            return Json.PRETTY.writeValueAsBytes(s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A summary from {@link #toJson}'s bytes; fields it does not know are ignored, so a later format
     * that adds some still reads. Null-free: a missing field is an error naming it.
     */
    static TrainingSummary fromJson(byte[] bytes, String where) {
        try {
            JsonNode s = Json.MAPPER.readTree(bytes);
            List<Epoch> epochs = new ArrayList<>();
            for (JsonNode n : required(s, "history")) {
                epochs.add(new Epoch(required(n, "epoch").asInt(), doubles(required(n, "values")),
                        required(n, "seconds").asDouble()));
            }
            return new TrainingSummary(epochs, doubles(required(s, "final_metrics")), required(s, "best_epoch").asInt(),
                    required(s, "epochs_run").asInt(), required(s, "stopped_early").asBoolean(),
                    required(s, "train_rows").asLong(), required(s, "val_rows").asLong(), required(s, "workers").asInt());
        } catch (java.io.IOException | RuntimeException e) {
            throw new ModelRejectedException(where + ": not a readable training summary (" + e.getMessage() + ")");
        }
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return v;
    }

    /** Numbers by name; NaN and the infinities come back from the strings Jackson writes for them. */
    private static Map<String, Double> doubles(JsonNode n) {
        Map<String, Double> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue().isNumber() ? f.getValue().asDouble()
                : Double.parseDouble(f.getValue().asText())));
        return m;
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
