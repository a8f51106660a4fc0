package dev.sparkfit.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Range and presence checks shared by the spec records; every failure names the key path. */
final class Check {

    private Check() {
    }

    static <T> T required(String key, T value) {
        if (value == null) {
            throw new SpecException(key + " is required");
        }
        return value;
    }

    static String nonBlank(String key, String value) {
        if (required(key, value).isBlank()) {
            throw new SpecException(key + " must not be empty");
        }
        return value;
    }

    static void atLeast(String key, long value, long min) {
        if (value < min) {
            throw new SpecException(key + ": " + value + " is not >= " + min);
        }
    }

    static void atLeast(String key, double value, double min) {
        if (!(value >= min) || Double.isInfinite(value)) {
            throw new SpecException(key + ": " + value + " is not >= " + min + " (and finite)");
        }
    }

    static void positive(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new SpecException(key + ": " + value + " is not > 0 (and finite)");
        }
    }

    /** {@code value} in [min, max] when {@code maxIncluded}, else in [min, max). */
    static void inRange(String key, double value, double min, double max, boolean maxIncluded) {
        boolean ok = value >= min && (maxIncluded ? value <= max : value < max);
        if (!ok) {
            String range = "[" + min + ", " + max + (maxIncluded ? "]" : ")");
            throw new SpecException(key + ": " + value + " is not in " + range);
        }
    }

    /** Immutable copy of a list of non-blank strings. */
    static List<String> names(String key, List<String> values) {
        List<String> copy = List.copyOf(required(key, values));
        for (int i = 0; i < copy.size(); i++) {
            nonBlank(key + "[" + i + "]", copy.get(i));
        }
        return copy;
    }

    /** Immutable copy of a string map, keys sorted so output and hashes are stable. */
    static Map<String, String> sortedMap(String key, Map<String, String> values) {
        TreeMap<String, String> sorted = new TreeMap<>();
        required(key, values).forEach((k, v) -> sorted.put(nonBlank(key + " key", k), required(key + "." + k, v)));
        return Collections.unmodifiableMap(sorted);
    }
}
