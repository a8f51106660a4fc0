package dev.sparkfit.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;

/** Writes a resolved {@link JobSpec} as YAML with every default spelled out, in the documented key order. */
final class SpecWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** spark.conf keys whose values are secrets (as Spark's own spark.redaction.regex). */
    static final java.util.regex.Pattern SECRET_KEY = java.util.regex.Pattern.compile("(?i)secret|password|token");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build();

    private SpecWriter() {
    }

    static String toYaml(JobSpec spec) {
        ObjectNode root = NODES.objectNode();
        root.put("name", spec.name());
        root.set("data", data(spec.data()));
        root.putObject("preprocess").put("rescale", spec.preprocess().rescale())
                .put("standardize", spec.preprocess().standardize());
        root.set("model", model(spec.model()));
        root.set("optimizer", optimizer(spec.optimizer()));
        root.set("training", training(spec.training()));
        root.putObject("cv").put("folds", spec.cv().folds()).put("stratify", spec.cv().stratify())
                .put("parallelism", spec.cv().parallelism()).put("refit", spec.cv().refit());
        CapacitySpec c = spec.capacity();
        ObjectNode cap = root.putObject("capacity").put("grow", c.grow().key()).put("factor", c.factor());
        c.start().forEach(cap.putArray("start")::add);
        cap.put("max_units", c.maxUnits()).put("max_layers", c.maxLayers()).put("patience", c.patience())
                .put("min_delta", c.minDelta()).put("use_cv", c.useCv());
        ObjectNode spark = root.putObject("spark").put("master", spec.spark().master());
        ObjectNode conf = spark.putObject("conf");
        // Secrets never reach spec.yaml, events or logs (and do not change the spec hash).
        spec.spark().conf().forEach((k, v) -> conf.put(k, SECRET_KEY.matcher(k).find() ? "*** redacted ***" : v));
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a job spec as YAML", e);
        }
    }

    /** Hidden layers as a YAML list of {units, activation} mappings. */
    static ArrayNode layers(List<LayerSpec> layers) {
        ArrayNode list = NODES.arrayNode();
        layers.forEach(l -> list.addObject().put("units", l.units()).put("activation", l.activation().key()));
        return list;
    }

    private static ObjectNode data(DataSpec d) {
        ObjectNode n = NODES.objectNode();
        if (d.path() != null) { // only the source that is set: specs of file data keep their hash
            n.put("path", d.path());
        }
        if (d.table() != null) {
            n.put("table", d.table());
        }
        if (d.sql() != null) {
            n.put("sql", d.sql());
        }
        n.put("format", d.format().key()).put("label", d.label());
        d.features().forEach(n.putArray("features")::add);
        d.categorical().forEach(n.putArray("categorical")::add);
        n.put("task", d.task().key()).put("missing", d.missing().key())
                .put("bad_records", d.badRecords().key()).put("max_bad_fraction", d.maxBadFraction())
                .put("max_categories", d.maxCategories());
        if (d.validation() != null) { // only when set: specs without it keep their hash
            ObjectNode v = n.putObject("validation");
            if (d.validation() instanceof DataSource.Files f) {
                v.put("path", f.path()).put("format", f.format().key());
            } else if (d.validation() instanceof DataSource.Table t) {
                v.put("table", t.name());
            } else if (d.validation() instanceof DataSource.Query q) {
                v.put("sql", q.sql());
            }
        }
        if (d.weight() != null) {
            n.put("weight", d.weight());
        }
        return n;
    }

    private static ObjectNode model(ModelSpec m) {
        ObjectNode n = NODES.objectNode();
        n.set("hidden", layers(m.hidden()));
        n.put("output_activation", m.outputActivation().map(Activation::key).orElse(SpecReader.AUTO))
                .put("loss", m.loss().key()).put("weight_init", m.weightInit().key())
                .put("l2", m.l2()).put("dropout", m.dropout()).put("init_from", m.initFrom().orElse(null));
        m.metrics().forEach(n.putArray("metrics")::add);
        n.put("top_k", m.topK());
        if (!m.weightedMetrics().isEmpty()) { // written only when given: specs without it keep their text and hash
            m.weightedMetrics().forEach(n.putArray("weighted_metrics")::add);
        }
        return n;
    }

    private static ObjectNode optimizer(OptimizerSpec o) {
        return NODES.objectNode().put("name", o.name().key()).put("learning_rate", o.learningRate())
                .put("momentum", o.momentum()).put("beta_1", o.beta1()).put("beta_2", o.beta2())
                .put("epsilon", o.epsilon()).put("rho", o.rho()).set("schedule", schedule(o.schedule()));
    }

    private static ObjectNode schedule(ScheduleSpec s) {
        return NODES.objectNode().put("name", s.kind().key()).put("decay_rate", s.decayRate())
                .put("decay_epochs", s.decayEpochs()).put("alpha", s.alpha()).put("warmup_epochs", s.warmupEpochs());
    }

    private static ObjectNode training(TrainingSpec t) {
        ObjectNode n = NODES.objectNode().put("epochs", t.epochs()).put("batch_size", t.batchSize())
                .put("workers", t.workers());
        if (t.averagingEvery() == TrainingSpec.AVERAGING_AUTO) {
            n.put("averaging", SpecReader.AUTO);
        } else if (t.averagingPerEpoch()) {
            n.put("averaging", SpecReader.PER_EPOCH);
        } else {
            n.put("averaging", t.averagingEvery());
        }
        n.put("seed", t.seed()).put("validation_split", t.validationSplit()).put("engine", t.engine().key());
        EarlyStoppingSpec e = t.earlyStopping();
        n.putObject("early_stopping").put("enabled", e.enabled()).put("monitor", e.monitor())
                .put("patience", e.patience()).put("min_delta", e.minDelta()).put("mode", e.mode().key())
                .put("restore_best_weights", e.restoreBestWeights());
        n.put("diagnostics", t.diagnostics());
        OuterOptimizerSpec o = t.outerOptimizer();
        ObjectNode outer = n.putObject("outer_optimizer").put("name", o.name().key());
        autoNumber(outer, "learning_rate", o.learningRate());
        autoNumber(outer, "momentum", o.momentum());
        n.put("learning_rate_scaling", t.learningRateScaling().key());
        autoNumber(n, "warmup_epochs", t.warmupEpochs());
        n.put("optimizer_state", t.optimizerState().key());
        ClassWeightSpec cw = t.classWeight();
        if (cw.balanced()) {
            n.put("class_weight", "balanced");
        } else if (cw.weights().isEmpty()) {
            n.put("class_weight", "none");
        } else {
            ObjectNode w = n.putObject("class_weight");
            cw.weights().forEach(w::put);
        }
        ReduceLrSpec r = t.reduceLrOnPlateau();
        n.putObject("reduce_lr_on_plateau").put("enabled", r.enabled()).put("monitor", r.monitor())
                .put("factor", r.factor()).put("patience", r.patience()).put("min_delta", r.minDelta())
                .put("cooldown", r.cooldown()).put("min_lr", r.minLr()).put("mode", r.mode().key());
        return n;
    }

    /** A number, or "auto" for NaN. */
    private static void autoNumber(ObjectNode n, String key, double value) {
        if (Double.isNaN(value)) {
            n.put(key, SpecReader.AUTO);
        } else {
            n.put(key, value);
        }
    }
}
