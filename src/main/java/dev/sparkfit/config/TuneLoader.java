package dev.sparkfit.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a spec with a {@code tune:} section: the base job (every section but {@code tune}, as
 * {@link SpecLoader} reads it) and the validated {@link TuneSpec}. Each searched key is checked
 * against the spec's own schema by building the spec with each choice, or with both ends of a range,
 * so an unknown key or a value the key does not allow fails here, before Spark starts.
 */
public final class TuneLoader {

    static final List<String> TUNE = List.of("space", "method", "trials", "seed", "metric", "mode", "parallelism",
            "use_cv", "reduction_factor", "min_epochs", "max_epochs");
    static final List<String> DOMAINS = List.of("choice", "uniform", "log_uniform", "int_uniform");

    /** A loaded search: the base job, the tune section, and the job of any setting of the searched keys. */
    public static final class Search {
        private final ObjectNode tree; // the spec without tune:, overrides applied; never changed after load
        private final JobSpec base;
        private final TuneSpec tune;
        private final String hash;

        private Search(ObjectNode tree, JobSpec base, TuneSpec tune, String hash) {
            this.tree = tree;
            this.base = base;
            this.tune = tune;
            this.hash = hash;
        }

        public JobSpec base() {
            return base;
        }

        public TuneSpec tune() {
            return tune;
        }

        /** SHA-256 of the resolved base spec and the tune section: equal searches, equal hashes. */
        public String hash() {
            return hash;
        }

        /** The base job with {@code values} (spec key to value) set, and {@code tune.max_epochs} epochs. */
        public JobSpec trial(Map<String, JsonNode> values) {
            JobSpec s = withValues(tree, base.name(), values);
            return s.withTraining(s.training().withEpochs(tune.maxEpochs()));
        }
    }

    private TuneLoader() {
    }

    /** Reads {@code file}, applies {@code overrides} (tune keys too, e.g. {@code tune.trials=4}) and validates. */
    public static Search load(Path file, List<String> overrides) {
        String source = file.toString();
        ObjectNode tree = SpecLoader.readTree(SpecLoader.text(file), source);
        try {
            Overrides.apply(tree, overrides, SpecLoader.YAML);
            JsonNode tuneNode = tree.remove("tune");
            JobSpec base = SpecReader.read(tree, SpecLoader.defaultName(source));
            if (tuneNode == null || tuneNode.isNull()) {
                throw new SpecException("tune: the spec has no tune section (add tune: {space: {...}, method: asha})");
            }
            TuneSpec tune = read(new Node("tune", tuneNode), tree, base);
            return new Search(tree, base, tune, hash(SpecLoader.toYaml(base) + "\ntune: " + tuneNode));
        } catch (SpecException e) {
            throw new SpecException(source + ": " + e.getMessage());
        }
    }

    private static TuneSpec read(Node n, ObjectNode tree, JobSpec base) {
        n.allow(TUNE);
        TuneSpec.Method method = n.get("method").as(TuneSpec.Method::parse, TuneSpec.Method.ASHA);
        Map<String, TuneSpec.Domain> space = new LinkedHashMap<>();
        Node s = n.get("space");
        if (s.absent() || !s.isMapping()) {
            throw new SpecException("tune.space is required: a mapping of spec keys to {choice: [...]}, {uniform: [a, b]},"
                    + " {log_uniform: [a, b]} or {int_uniform: [a, b]}");
        }
        for (String key : s.keys()) {
            space.put(key, domain(s.get(key), key, tree, base));
        }
        String metric = n.get("metric").asText("val_loss").trim();
        EarlyStoppingSpec asMonitor;
        try {
            asMonitor = new EarlyStoppingSpec(true, metric, 0, 0.0, Mode.AUTO, true);
            JobSpec.checkMetrics(base.data().task(), base.model(), asMonitor);
        } catch (SpecException e) {
            throw new SpecException(e.getMessage().replace("training.early_stopping.monitor", "tune.metric")
                    .replace("or monitor val_loss", "or use val_loss"));
        }
        boolean useCv = n.get("use_cv").asBool(false);
        if (!useCv && base.training().validationSplit() == 0) {
            throw new SpecException("tune: training.validation_split is 0; trials are judged on validation rows"
                    + " (set it, e.g. 0.2, or tune.use_cv: true)");
        }
        int trials = n.get("trials").asInt(method == TuneSpec.Method.GRID && space.values().stream()
                .allMatch(d -> d instanceof TuneSpec.Choice) ? (int) Math.min(Integer.MAX_VALUE, TuneSpec.gridSize(space)) : 10);
        return new TuneSpec(space, method, trials, n.get("seed").asLong(base.training().seed()), metric,
                n.get("mode").as(Mode::parse, Mode.AUTO), n.get("parallelism").asInt(1), useCv,
                n.get("reduction_factor").asInt(3), n.get("min_epochs").asInt(1),
                n.get("max_epochs").asInt(base.training().epochs()));
    }

    /** One searched key's domain, each of its values (or both ends of its range) tried on the spec. */
    private static TuneSpec.Domain domain(Node d, String key, ObjectNode tree, JobSpec base) {
        String at = "tune.space." + key;
        if (key.startsWith("tune") || key.startsWith("data") || key.startsWith("spark") || key.equals("name")
                || key.equals("training.epochs") || key.equals("training.validation_split")) {
            throw new SpecException(at + ": '" + key + "' cannot be searched (every trial trains tune.max_epochs"
                    + " epochs on the same rows; search model, optimizer, training or preprocess keys)");
        }
        if (!d.isMapping() || d.keys().size() != 1) {
            throw new SpecException(at + ": " + d.shown() + " is not one of {choice: [...]}, {uniform: [a, b]},"
                    + " {log_uniform: [a, b]}, {int_uniform: [a, b]}");
        }
        d.allow(DOMAINS);
        String kind = d.keys().get(0);
        Node v = d.get(kind);
        List<JsonNode> tried = new ArrayList<>();
        TuneSpec.Domain domain;
        if (kind.equals("choice")) {
            List<JsonNode> values = v.rawItems();
            if (values.isEmpty()) {
                throw new SpecException(at + ".choice: [] is empty (list at least one value)");
            }
            tried.addAll(values);
            domain = new TuneSpec.Choice(values);
        } else {
            List<Node> ends = v.items();
            if (ends.size() != 2) {
                throw new SpecException(at + "." + kind + ": " + v.shown() + " is not a range [low, high]");
            }
            double low = ends.get(0).asDouble(0);
            double high = ends.get(1).asDouble(0);
            if (!(low < high)) {
                throw new SpecException(at + "." + kind + ": [" + low + ", " + high + "] is not a range with low < high");
            }
            if (kind.equals("log_uniform") && !(low > 0)) {
                throw new SpecException(at + ".log_uniform: " + v.rawItems() + " includes 0 or less; a log range needs 0 < low (e.g. [0.0001, 0.1])");
            }
            if (kind.equals("int_uniform")) {
                long lo = ends.get(0).asLong(0);
                long hi = ends.get(1).asLong(0);
                domain = new TuneSpec.IntUniform(lo, hi);
                tried.add(SpecLoader.YAML.getNodeFactory().numberNode(lo));
                tried.add(SpecLoader.YAML.getNodeFactory().numberNode(hi));
            } else {
                domain = kind.equals("uniform") ? new TuneSpec.Uniform(low, high) : new TuneSpec.LogUniform(low, high);
                tried.add(SpecLoader.YAML.getNodeFactory().numberNode(low));
                tried.add(SpecLoader.YAML.getNodeFactory().numberNode(high));
            }
        }
        for (JsonNode value : tried) {
            try {
                withValues(tree, base.name(), Map.of(key, value));
            } catch (SpecException e) {
                throw new SpecException("tune.space: " + e.getMessage().replaceFirst("^override '[^']*': ", ""));
            }
        }
        return domain;
    }

    /** The job of {@code tree} with each key of {@code values} set as {@code --set key=value} would. */
    static JobSpec withValues(ObjectNode tree, String name, Map<String, JsonNode> values) {
        ObjectNode copy = tree.deepCopy();
        List<String> sets = new ArrayList<>();
        values.forEach((k, v) -> sets.add(k + "=" + v.toString()));
        Overrides.apply(copy, sets, SpecLoader.YAML);
        return SpecReader.read(copy, name);
    }

    private static String hash(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
