package dev.sparkfit.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkfit.io.AtomicFiles;
import dev.sparkfit.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Ordered per-epoch training history, writable as CSV or JSON and readable back from JSON. */
public final class History {

    private static final ObjectMapper JSON = Json.MAPPER;

    private final List<EpochStats> epochs = new ArrayList<>();

    public History() {
    }

    public void add(EpochStats stats) {
        epochs.add(Objects.requireNonNull(stats, "stats"));
    }

    /** Unmodifiable view of the epochs in insertion order. */
    public List<EpochStats> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    public int size() {
        return epochs.size();
    }

    /** Union of metric names over all epochs, in first-seen order. */
    public List<String> keys() {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        for (EpochStats e : epochs) {
            keys.addAll(e.values().keySet());
        }
        return List.copyOf(keys);
    }

    /** Union of diagnostics column names over all epochs, in first-seen order (empty when they were off). */
    public List<String> diagnosticKeys() {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        for (EpochStats e : epochs) {
            keys.addAll(e.diagnostics().keySet());
        }
        return List.copyOf(keys);
    }

    /** Values of one metric or diagnostics column, one per epoch (NaN where unknown). */
    public double[] series(String metric) {
        return epochs.stream().mapToDouble(e -> e.value(metric)).toArray();
    }

    /** The 0-based index of the epoch with the lowest {@code metric} (NaN never wins; 0 if all are NaN). */
    public int argmin(String metric) {
        double[] v = series(metric);
        int best = 0;
        for (int e = 1; e < v.length; e++) {
            if (v[e] < v[best] || Double.isNaN(v[best])) {
                best = e;
            }
        }
        return best;
    }

    /**
     * The 0-based index of the epoch with the best {@code metric}: the lowest when {@code minimize}, else
     * the highest (NaN never wins; the first of equals; 0 if all are NaN).
     */
    public int argbest(String metric, boolean minimize) {
        double[] v = series(metric);
        int best = 0;
        for (int e = 1; e < v.length; e++) {
            if (Double.isNaN(v[best]) || (minimize ? v[e] < v[best] : v[e] > v[best])) {
                best = e;
            }
        }
        return best;
    }

    /** Epoch numbers as doubles, convenient as a chart x axis. */
    public double[] epochNumbers() {
        return epochs.stream().mapToDouble(EpochStats::epoch).toArray();
    }

    /** Writes {@code epoch,<keys...>,<diagnostics...>,seconds}; full-precision numbers, NaN as an empty cell. */
    public void writeCsv(Path file) {
        List<String> keys = new ArrayList<>(keys());
        keys.addAll(diagnosticKeys());
        StringBuilder sb = new StringBuilder("epoch");
        keys.forEach(k -> sb.append(',').append(csvField(k)));
        sb.append(",seconds\n");
        for (EpochStats e : epochs) {
            sb.append(e.epoch());
            keys.forEach(k -> sb.append(',').append(csvNumber(e.value(k))));
            sb.append(',').append(csvNumber(e.seconds())).append('\n');
        }
        writeString(file, sb.toString());
    }

    /** Writes a JSON array of {@code {"epoch":1,"loss":..,...,"dead_frac_l1":..,...,"seconds":..}}, NaN as null. */
    public void writeJson(Path file) {
        ArrayNode array = JSON.createArrayNode();
        for (EpochStats e : epochs) {
            ObjectNode node = array.addObject();
            node.put("epoch", e.epoch());
            e.values().forEach((k, v) -> putNumber(node, k, v));
            e.diagnostics().forEach((k, v) -> putNumber(node, k, v));
            putNumber(node, "seconds", e.seconds());
        }
        try {
            writeString(file, Json.pretty(array) + "\n");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Reads a file written by {@link #writeJson(Path)}. */
    public static History readJson(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read history " + file, ex);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("history JSON must be an array: " + file);
        }
        History h = new History();
        for (JsonNode node : root) {
            h.add(parseEpoch(node));
        }
        return h;
    }

    private static EpochStats parseEpoch(JsonNode node) {
        int epoch = node.path("epoch").asInt();
        double seconds = Double.NaN;
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, Double> diagnostics = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            double v = f.getValue().isNumber() ? f.getValue().doubleValue() : Double.NaN;
            switch (f.getKey()) {
                case "epoch" -> { }
                case "seconds" -> seconds = v;
                default -> (EpochStats.isDiagnostic(f.getKey()) ? diagnostics : values).put(f.getKey(), v);
            }
        }
        return new EpochStats(epoch, values, seconds, diagnostics);
    }

    private static void putNumber(ObjectNode node, String key, double v) {
        if (Double.isFinite(v)) {
            node.put(key, v);
        } else {
            node.putNull(key);
        }
    }

    private static String csvNumber(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    private static void writeString(Path file, String text) {
        try {
            AtomicFiles.writeString(file, text);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }
}
