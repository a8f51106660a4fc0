package dev.sparkfit.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies command-line overrides {@code key.path=value} to a YAML tree before it is read. The value is
 * parsed as YAML; a key path may index lists ({@code model.hidden[1].units=5}); everything after
 * {@code spark.conf.} is one key, since Spark keys contain dots. Unknown keys are left for the reader to report.
 */
final class Overrides {

    /** The data keys that name where rows come from; setting one drops the others. */
    private static final List<String> SOURCES = List.of("path", "table", "sql");

    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z0-9_]+)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");
    private static final String SPARK_CONF = "spark.conf.";

    private Overrides() {
    }

    static void apply(ObjectNode root, List<String> overrides, YAMLMapper yaml) {
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new SpecException("override '" + override + "': expected key=value, e.g. training.epochs=5");
            }
            String key = override.substring(0, eq).trim();
            set(root, steps(override, key), value(override, override.substring(eq + 1), yaml), override);
        }
    }

    /** The key path as a list of steps: String for a mapping key, Integer for a list index. */
    private static List<Object> steps(String override, String key) {
        List<Object> steps = new ArrayList<>();
        String head = key.startsWith(SPARK_CONF) ? "spark.conf" : key;
        for (String segment : head.split("\\.", -1)) {
            Matcher m = SEGMENT.matcher(segment);
            if (!m.matches()) {
                throw new SpecException("override '" + override + "': '" + key + "' is not a key path like "
                        + "training.epochs or model.hidden[0].units");
            }
            steps.add(m.group(1));
            Matcher index = INDEX.matcher(m.group(2));
            while (index.find()) {
                steps.add(Integer.parseInt(index.group(1)));
            }
        }
        if (!head.equals(key)) {
            steps.add(key.substring(SPARK_CONF.length()));
        }
        return steps;
    }

    private static JsonNode value(String override, String text, YAMLMapper yaml) {
        try {
            JsonNode value = yaml.readTree(text);
            return value == null || value.isMissingNode() ? NullNode.instance : value;
        } catch (JsonProcessingException e) {
            throw new SpecException("override '" + override + "': the value is not valid YAML ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        }
    }

    private static void set(ObjectNode root, List<Object> steps, JsonNode value, String override) {
        JsonNode container = root;
        String path = "";
        for (int i = 0; i < steps.size() - 1; i++) {
            Object step = steps.get(i);
            path = join(path, step);
            container = child(container, step, steps.get(i + 1) instanceof Integer, path, override);
        }
        Object last = steps.get(steps.size() - 1);
        if (last instanceof Integer index) {
            ArrayNode list = (ArrayNode) container;
            checkIndex(list, index, join(path, last), override);
            if (index == list.size()) {
                list.add(value);
            } else {
                list.set(index, value);
            }
        } else {
            ((ObjectNode) container).set((String) last, value);
            if (steps.size() == 2 && "data".equals(steps.get(0)) && SOURCES.contains(last) && !value.isNull()) {
                // --set data.table=db.t replaces the spec's data.path (or data.sql): a job has one source
                SOURCES.stream().filter(k -> !k.equals(last)).forEach(((ObjectNode) container)::remove);
                if (!"path".equals(last)) {
                    ((ObjectNode) container).remove("format"); // a file format means nothing to a table
                }
            }
        }
    }

    /** The container under {@code step}, created when missing (lists only for model.hidden, from its default). */
    private static JsonNode child(JsonNode container, Object step, boolean wantList, String path, String override) {
        JsonNode child;
        if (step instanceof Integer index) {
            ArrayNode list = (ArrayNode) container;
            checkIndex(list, index, path, override);
            child = index == list.size() && !wantList ? list.addObject() : list.get(index);
        } else {
            ObjectNode map = (ObjectNode) container;
            child = map.get((String) step);
            if (child == null || child.isNull()) {
                child = wantList ? defaultList(path, override) : map.objectNode();
                map.set((String) step, child);
            }
        }
        if (wantList ? !child.isArray() : !child.isObject()) {
            throw new SpecException("override '" + override + "': " + path + " is not a "
                    + (wantList ? "list" : "mapping") + " (it is " + child + ")");
        }
        return child;
    }

    /** Indexes up to the list size are allowed; the size itself appends. */
    private static void checkIndex(ArrayNode list, int index, String path, String override) {
        if (index > list.size()) {
            throw new SpecException("override '" + override + "': " + path + " is out of range (the list has "
                    + list.size() + " items; use index " + list.size() + " to append)");
        }
    }

    private static ArrayNode defaultList(String path, String override) {
        if (!path.equals("model.hidden")) {
            throw new SpecException("override '" + override + "': " + path + " is not set, so it cannot be indexed");
        }
        return SpecWriter.layers(ModelSpec.defaults().hidden());
    }

    private static String join(String path, Object step) {
        if (step instanceof Integer index) {
            return path + "[" + index + "]";
        }
        return path.isEmpty() ? (String) step : path + "." + step;
    }
}
