package dev.sparkfit.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds a {@link JobSpec} from a YAML tree: checks keys and types, fills defaults, leaves ranges to the records. */
final class SpecReader {

    static final List<String> TOP = List.of("name", "data", "preprocess", "model", "optimizer", "training", "cv", "capacity",
            "spark", "tune"); // tune: read by sparkfit tune alone (TuneLoader)
    static final List<String> DATA = List.of("path", "table", "sql", "format", "label", "features", "categorical", "task",
            "missing", "bad_records", "max_bad_fraction", "max_categories", "validation", "weight");
    static final List<String> VALIDATION = List.of("path", "table", "sql", "format");
    static final List<String> PREPROCESS = List.of("rescale", "standardize");
    static final List<String> MODEL = List.of("hidden", "output_activation", "loss", "weight_init", "l2", "dropout",
            "init_from", "metrics", "top_k", "weighted_metrics");
    static final List<String> LAYER = List.of("units", "activation");
    static final List<String> OPTIMIZER = List.of("name", "learning_rate", "momentum", "beta_1", "beta_2",
            "epsilon", "rho", "schedule");
    static final List<String> SCHEDULE = List.of("name", "decay_rate", "decay_epochs", "alpha", "warmup_epochs");
    static final List<String> TRAINING = List.of("epochs", "batch_size", "workers", "averaging", "seed",
            "validation_split", "engine", "early_stopping", "diagnostics", "outer_optimizer",
            "learning_rate_scaling", "warmup_epochs", "optimizer_state", "class_weight", "reduce_lr_on_plateau");
    static final List<String> REDUCE_LR = List.of("enabled", "monitor", "factor", "patience", "min_delta", "cooldown",
            "min_lr", "mode");
    static final List<String> OUTER_OPTIMIZER = List.of("name", "learning_rate", "momentum");
    static final List<String> EARLY_STOPPING = List.of("enabled", "monitor", "patience", "min_delta", "mode",
            "restore_best_weights");
    static final List<String> CV = List.of("folds", "stratify", "parallelism", "refit");
    static final List<String> SPARK = List.of("master", "conf");
    static final String AUTO = "auto";
    static final String PER_EPOCH = "epoch";

    private SpecReader() {
    }

    static JobSpec read(JsonNode tree, String defaultName) {
        Node root = new Node("", tree);
        root.allow(TOP);
        DataSpec data = data(root.get("data"));
        return new JobSpec(root.get("name").asText(defaultName), data,
                preprocess(root.get("preprocess")), model(root.get("model")), optimizer(root.get("optimizer")),
                training(root.get("training"), data.validation() != null), cv(root.get("cv")), capacity(root.get("capacity")),
                spark(root.get("spark")));
    }

    private static DataSpec data(Node n) {
        n.allow(DATA);
        DataSpec d = DataSpec.of("defaults", "label");
        DataFormat format = n.get("format").as(DataFormat::parse, d.format());
        String path = n.get("path").asText(null);
        String table = n.get("table").asText(null);
        String sql = n.get("sql").asText(null);
        DataSource.of("data", path, format, table, sql); // the source first: "data.path is required" before the label
        String label = n.get("label").asText(null);
        if (label == null && format != DataFormat.LIBSVM) {
            throw new SpecException(n.get("label").path() + " is required (unless data.format is libsvm)");
        }
        return new DataSpec(path, format, label, n.get("features").asTexts(),
                n.get("categorical").asTexts(),
                n.get("task").as(Task::parse, d.task()), n.get("missing").as(MissingPolicy::parse, d.missing()),
                n.get("bad_records").as(BadRecords::parse, d.badRecords()),
                n.get("max_bad_fraction").asDouble(d.maxBadFraction()), n.get("max_categories").asInt(d.maxCategories()),
                table, sql, validation(n.get("validation")), n.get("weight").asText(null));
    }

    /** Absent, a path, or a mapping with one of path, table, sql (and a format for files). */
    private static DataSource validation(Node n) {
        if (n.absent()) {
            return null;
        }
        if (!n.isMapping()) {
            return new DataSource.Files(n.requiredText(), DataFormat.AUTO);
        }
        n.allow(VALIDATION);
        return DataSource.of(n.path(), n.get("path").asText(null), n.get("format").as(DataFormat::parse,
                DataFormat.AUTO), n.get("table").asText(null), n.get("sql").asText(null));
    }

    private static PreprocessSpec preprocess(Node n) {
        n.allow(PREPROCESS);
        PreprocessSpec d = PreprocessSpec.defaults();
        return new PreprocessSpec(n.get("rescale").asDouble(d.rescale()), n.get("standardize").asBool(d.standardize()));
    }

    private static ModelSpec model(Node n) {
        n.allow(MODEL);
        ModelSpec d = ModelSpec.defaults();
        Node hidden = n.get("hidden");
        return new ModelSpec(hidden.absent() ? d.hidden() : layers(hidden),
                outputActivation(n.get("output_activation")),
                n.get("loss").as(LossName::parse, d.loss()), n.get("weight_init").as(WeightInitName::parse,
                d.weightInit()), n.get("l2").asDouble(d.l2()), n.get("dropout").asDouble(d.dropout()),
                Optional.ofNullable(n.get("init_from").asText(null)), n.get("metrics").asTexts(),
                n.get("top_k").asInt(d.topK()), n.get("weighted_metrics").asTexts());
    }

    /** "auto" (empty) or an activation. */
    private static Optional<Activation> outputActivation(Node n) {
        String word = n.asText(AUTO);
        if (word.trim().equalsIgnoreCase(AUTO)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Activation.parse(n.path(), word));
        } catch (SpecException e) {
            throw new SpecException(n.path() + ": '" + word + "' is not one of " + AUTO + ", "
                    + Keyed.words(Activation.class));
        }
    }

    /** Hidden layers: mappings {units, activation}, or plain integers as shorthand for relu layers. */
    private static List<LayerSpec> layers(Node hidden) {
        List<LayerSpec> layers = new ArrayList<>();
        for (Node item : hidden.items()) {
            if (item.isMapping()) {
                item.allow(LAYER);
            }
            Node units = item.isMapping() ? item.get("units") : item;
            if (units.absent()) {
                throw new SpecException(units.path() + " is required");
            }
            int count = units.asInt(0);
            Check.atLeast(units.path(), count, 1);
            Activation activation = item.isMapping()
                    ? item.get("activation").as(Activation::parse, Activation.RELU) : Activation.RELU;
            layers.add(new LayerSpec(count, activation));
        }
        return layers;
    }

    private static OptimizerSpec optimizer(Node n) {
        if (!n.absent() && !n.isMapping()) {
            return OptimizerSpec.of(n.as(OptimizerName::parse, null));
        }
        n.allow(OPTIMIZER);
        OptimizerSpec d = OptimizerSpec.of(n.get("name").as(OptimizerName::parse, OptimizerSpec.defaults().name()));
        return new OptimizerSpec(d.name(), n.get("learning_rate").asDouble(d.learningRate()),
                n.get("momentum").asDouble(d.momentum()), n.get("beta_1").asDouble(d.beta1()),
                n.get("beta_2").asDouble(d.beta2()), n.get("epsilon").asDouble(d.epsilon()),
                n.get("rho").asDouble(d.rho()), schedule(n.get("schedule")));
    }

    /** A mapping, or a name as shorthand for that schedule with its defaults. */
    private static ScheduleSpec schedule(Node n) {
        ScheduleSpec d = ScheduleSpec.none();
        if (!n.absent() && !n.isMapping()) {
            return new ScheduleSpec(n.as(ScheduleSpec.Kind::parse, d.kind()), d.decayRate(), d.decayEpochs(),
                    d.alpha(), d.warmupEpochs());
        }
        n.allow(SCHEDULE);
        return new ScheduleSpec(n.get("name").as(ScheduleSpec.Kind::parse, d.kind()),
                n.get("decay_rate").asDouble(d.decayRate()), n.get("decay_epochs").asDouble(d.decayEpochs()),
                n.get("alpha").asDouble(d.alpha()), n.get("warmup_epochs").asDouble(d.warmupEpochs()));
    }

    /** With {@code separateValidation} (data.validation set) validation_split defaults to 0, not 0.2. */
    private static TrainingSpec training(Node n, boolean separateValidation) {
        n.allow(TRAINING);
        TrainingSpec d = TrainingSpec.defaults();
        return new TrainingSpec(n.get("epochs").asInt(d.epochs()), n.get("batch_size").asInt(d.batchSize()),
                n.get("workers").asInt(d.workers()), averaging(n.get("averaging")), n.get("seed").asLong(d.seed()),
                n.get("validation_split").asDouble(separateValidation ? 0.0 : d.validationSplit()), n.get("engine").as(Engine::parse,
                d.engine()), earlyStopping(n.get("early_stopping")), n.get("diagnostics").asBool(d.diagnostics()),
                outerOptimizer(n.get("outer_optimizer")),
                n.get("learning_rate_scaling").as(LrScaling::parse, d.learningRateScaling()),
                autoNumber(n.get("warmup_epochs")), n.get("optimizer_state").as(OptimizerState::parse,
                d.optimizerState()), classWeight(n.get("class_weight")), reduceLr(n.get("reduce_lr_on_plateau")));
    }

    /** none (absent), {@code balanced}, or a mapping from class label to weight. */
    private static ClassWeightSpec classWeight(Node n) {
        if (n.absent()) {
            return ClassWeightSpec.none();
        }
        if (!n.isMapping()) {
            String word = n.asText("").trim();
            if (word.equalsIgnoreCase("balanced")) {
                return ClassWeightSpec.balancedWeights();
            }
            if (word.equalsIgnoreCase("none")) {
                return ClassWeightSpec.none();
            }
            throw new SpecException(n.path() + ": '" + word + "' is not balanced, none or a mapping from class to"
                    + " weight (e.g. {no: 1.0, yes: 3.0})");
        }
        java.util.Map<String, Double> weights = new java.util.LinkedHashMap<>();
        for (String k : n.asTextMap().keySet()) {
            weights.put(k, n.get(k).asDouble(Double.NaN));
        }
        return new ClassWeightSpec(false, weights);
    }

    /** A mapping, or a boolean as shorthand for enabled with Keras' defaults. */
    private static ReduceLrSpec reduceLr(Node n) {
        ReduceLrSpec d = ReduceLrSpec.off();
        if (n.isBoolean()) {
            return n.asBool(false) ? new ReduceLrSpec(true, d.monitor(), d.factor(), d.patience(), d.minDelta(),
                    d.cooldown(), d.minLr(), d.mode()) : d;
        }
        n.allow(REDUCE_LR);
        return new ReduceLrSpec(n.get("enabled").asBool(!n.absent()), n.get("monitor").asText(d.monitor()),
                n.get("factor").asDouble(d.factor()), n.get("patience").asInt(d.patience()),
                n.get("min_delta").asDouble(d.minDelta()), n.get("cooldown").asInt(d.cooldown()),
                n.get("min_lr").asDouble(d.minLr()), n.get("mode").as(Mode::parse, d.mode()));
    }

    /** "auto", "epoch" (0 = once per epoch) or a number of minibatches >= 1. */
    private static int averaging(Node n) {
        String text = n.asText(AUTO).trim();
        if (text.equalsIgnoreCase(AUTO)) {
            return TrainingSpec.AVERAGING_AUTO;
        }
        if (text.equalsIgnoreCase(PER_EPOCH)) {
            return 0;
        }
        if (text.matches("\\d{1,9}") && Integer.parseInt(text) >= 1) {
            return Integer.parseInt(text);
        }
        throw new SpecException(n.path() + ": '" + text + "' is not '" + AUTO + "', '" + PER_EPOCH
                + "' or an integer >= 1");
    }

    /** A mapping, or a name as shorthand for that optimizer with auto settings. */
    private static OuterOptimizerSpec outerOptimizer(Node n) {
        OuterOptimizerSpec d = OuterOptimizerSpec.defaults();
        if (!n.absent() && !n.isMapping()) {
            return new OuterOptimizerSpec(n.as(OuterOptimizerName::parse, d.name()), Double.NaN, Double.NaN);
        }
        n.allow(OUTER_OPTIMIZER);
        return new OuterOptimizerSpec(n.get("name").as(OuterOptimizerName::parse, d.name()),
                autoNumber(n.get("learning_rate")), autoNumber(n.get("momentum")));
    }

    /** "auto" (NaN) or a number; the records check the range. */
    private static double autoNumber(Node n) {
        if (n.absent() || (!n.isNumber() && n.asText(AUTO).trim().equalsIgnoreCase(AUTO))) {
            return Double.NaN;
        }
        try {
            return n.asDouble(Double.NaN);
        } catch (SpecException e) {
            throw new SpecException(n.path() + ": '" + n.asText("") + "' is not auto or a number");
        }
    }

    /** A mapping, or a boolean as shorthand for enabled with every other setting at its default. */
    private static EarlyStoppingSpec earlyStopping(Node n) {
        EarlyStoppingSpec d = EarlyStoppingSpec.defaults();
        if (n.isBoolean()) {
            return d.withEnabled(n.asBool(true));
        }
        n.allow(EARLY_STOPPING);
        return new EarlyStoppingSpec(n.get("enabled").asBool(d.enabled()), n.get("monitor").asText(d.monitor()),
                n.get("patience").asInt(d.patience()), n.get("min_delta").asDouble(d.minDelta()),
                n.get("mode").as(Mode::parse, d.mode()),
                n.get("restore_best_weights").asBool(d.restoreBestWeights()));
    }

    private static CvSpec cv(Node n) {
        n.allow(CV);
        CvSpec d = CvSpec.defaults();
        return new CvSpec(n.get("folds").asInt(d.folds()), n.get("stratify").asBool(d.stratify()),
                n.get("parallelism").asInt(d.parallelism()), n.get("refit").asBool(d.refit()));
    }

    static final List<String> CAPACITY = List.of("grow", "factor", "start", "max_units", "max_layers", "patience",
            "min_delta", "use_cv");

    private static CapacitySpec capacity(Node n) {
        n.allow(CAPACITY);
        CapacitySpec d = CapacitySpec.defaults();
        List<Integer> start = d.start();
        if (!n.get("start").absent()) {
            List<String> texts = n.get("start").asTexts();
            start = new java.util.ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                try {
                    start.add(Integer.parseInt(texts.get(i).trim()));
                } catch (NumberFormatException e) {
                    throw new SpecException("capacity.start[" + i + "]: '" + texts.get(i) + "' is not an integer");
                }
            }
        }
        return new CapacitySpec(n.get("grow").as(Grow::parse, d.grow()), n.get("factor").asDouble(d.factor()), start,
                n.get("max_units").asInt(d.maxUnits()), n.get("max_layers").asInt(d.maxLayers()),
                n.get("patience").asInt(d.patience()), n.get("min_delta").asDouble(d.minDelta()),
                n.get("use_cv").asBool(d.useCv()));
    }

    private static SparkSpec spark(Node n) {
        n.allow(SPARK);
        return new SparkSpec(n.get("master").asText(SparkSpec.defaults().master()), n.get("conf").asTextMap());
    }
}
