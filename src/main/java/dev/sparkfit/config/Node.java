package dev.sparkfit.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A value of the YAML tree together with its key path (e.g. {@code model.hidden[1].units}); converts
 * scalars with defaults and reports type errors and unknown keys by path. A null or missing value is absent.
 */
final class Node {

    private final String path;
    private final JsonNode value;

    Node(String path, JsonNode value) {
        this.path = path;
        this.value = value == null || value.isNull() || value.isMissingNode() ? null : value;
    }

    String path() {
        return path;
    }

    boolean absent() {
        return value == null;
    }

    boolean isBoolean() {
        return value != null && value.isBoolean();
    }

    boolean isNumber() {
        return value != null && value.isNumber();
    }

    boolean isMapping() {
        return value != null && value.isObject();
    }

    /** The child at {@code key}; this node must be a mapping or absent. */
    Node get(String key) {
        String childPath = path.isEmpty() ? key : path + "." + key;
        return new Node(childPath, mapping() ? value.get(key) : null);
    }

    /** Fails on the first key that is not in {@code known}, suggesting the closest known key. */
    void allow(List<String> known) {
        if (!mapping()) {
            return;
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                String hint = Suggest.closest(name, known).map(s -> "did you mean '" + s + "'? ").orElse("");
                throw new SpecException(get(name).path + ": unknown key (" + hint + "known: "
                        + String.join(", ", known) + ")");
            }
        }
    }

    String asText(String fallback) {
        if (value == null) {
            return fallback;
        }
        if (!value.isValueNode()) {
            throw typeError("a single value");
        }
        return value.asText();
    }

    String requiredText() {
        return Check.required(path, asText(null));
    }

    int asInt(int fallback) {
        long number = asLong(fallback);
        if (number != (int) number) {
            throw typeError("an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
        }
        return (int) number;
    }

    long asLong(long fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        try {
            return Long.parseLong(asText(null).trim());
        } catch (NumberFormatException e) {
            throw typeError("an integer");
        }
    }

    double asDouble(double fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        try {
            return Double.parseDouble(asText(null).trim());
        } catch (NumberFormatException e) {
            throw typeError("a number");
        }
    }

    boolean asBool(boolean fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        String text = asText(null).trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw typeError("true or false");
    }

    /** An enum word parsed by {@code parser} (one of the enums' {@code parse} methods). */
    <E> E as(BiFunction<String, String, E> parser, E fallback) {
        return value == null ? fallback : parser.apply(path, asText(null));
    }

    /** The elements of a list; a single scalar counts as a list of one, absent as an empty list. */
    List<Node> items() {
        List<Node> items = new ArrayList<>();
        if (value == null) {
            return items;
        }
        if (value.isObject()) {
            throw typeError("a list");
        }
        if (!value.isArray()) {
            return List.of(this);
        }
        for (int i = 0; i < value.size(); i++) {
            items.add(new Node(path + "[" + i + "]", value.get(i)));
        }
        return items;
    }

    List<String> asTexts() {
        return items().stream().map(Node::requiredText).toList();
    }

    /** A mapping of scalars turned into strings, in file order. */
    Map<String, String> asTextMap() {
        Map<String, String> map = new LinkedHashMap<>();
        if (mapping()) {
            value.fieldNames().forEachRemaining(key -> map.put(key, get(key).requiredText()));
        }
        return map;
    }

    /** The keys of a mapping in file order (none when absent). */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        if (mapping()) {
            value.fieldNames().forEachRemaining(keys::add);
        }
        return keys;
    }

    /** The raw YAML values of a list (a single value counts as a list of one, absent as none). */
    List<JsonNode> rawItems() {
        return items().stream().map(n -> n.value).toList();
    }

    /** The value as an error message shows it. */
    String shown() {
        return value == null ? "null" : value.isValueNode() ? "'" + value.asText() + "'" : value.toString();
    }

    private boolean mapping() {
        if (value != null && !value.isObject()) {
            throw typeError("a mapping");
        }
        return value != null;
    }

    private SpecException typeError(String expected) {
        String shown = value.isValueNode() ? "'" + value.asText() + "'" : value.toString();
        return new SpecException(path + ": " + shown + " is not " + expected);
    }
}
