package dev.sparkfit.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecException;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.config.Task;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import scala.Function1;

import java.util.List;
import java.util.Set;

/**
 * The network and training Params of both estimators, mapped onto the spec records: a Param's value
 * is checked by building the spec it sets (so the ranges and one-line messages are the spec's), and
 * {@link #spec} turns the params that are set, over {@code specYaml}, into the {@link JobSpec} the
 * training core runs.
 */
final class NetParams implements java.io.Serializable {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> SECTIONS = Set.of("model", "optimizer", "training");

    final IntArrayParam hiddenUnits;
    final Param<String> activation;
    final Param<String> optimizer;
    final DoubleParam learningRate;
    final IntParam epochs;
    final IntParam batchSize;
    final IntParam workers;
    final Param<String> averaging;
    final DoubleParam validationSplit;
    final IntParam patience;
    final Param<String> outerOptimizer;
    final DoubleParam outerLearningRate;
    final DoubleParam outerMomentum;
    final Param<String> learningRateScaling;
    final DoubleParam warmupEpochs;
    final Param<String> optimizerState;
    final Param<String> specYaml;

    NetParams(Params owner) {
        hiddenUnits = new IntArrayParam(owner, "hiddenUnits", "units of each hidden dense layer (model.hidden)",
                check("hiddenUnits"));
        activation = string(owner, "activation", "activation of the hidden layers: relu, leakyrelu, elu, tanh,"
                + " sigmoid, identity");
        optimizer = string(owner, "optimizer", "optimizer.name: sgd, nesterov, adam, rmsprop, adagrad");
        learningRate = new DoubleParam(owner, "learningRate", "optimizer.learning_rate (> 0)", check("learningRate"));
        epochs = new IntParam(owner, "epochs", "training.epochs (>= 1)", check("epochs"));
        batchSize = new IntParam(owner, "batchSize", "training.batch_size (>= 1)", check("batchSize"));
        workers = new IntParam(owner, "workers", "training.workers (0: the default parallelism)", check("workers"));
        averaging = string(owner, "averaging", "training.averaging: auto, epoch or minibatches between averaging");
        validationSplit = new DoubleParam(owner, "validationSplit", "training.validation_split, in [0, 1)",
                check("validationSplit"));
        patience = new IntParam(owner, "patience", "epochs without improvement of val_loss before stopping early"
                + " (0: no early stopping)", check("patience"));
        outerOptimizer = string(owner, "outerOptimizer", "training.outer_optimizer.name: auto, none, momentum,"
                + " nesterov");
        outerLearningRate = new DoubleParam(owner, "outerLearningRate", "training.outer_optimizer.learning_rate"
                + " (NaN: auto)", check("outerLearningRate"));
        outerMomentum = new DoubleParam(owner, "outerMomentum", "training.outer_optimizer.momentum (NaN: auto)",
                check("outerMomentum"));
        learningRateScaling = string(owner, "learningRateScaling", "training.learning_rate_scaling");
        warmupEpochs = new DoubleParam(owner, "warmupEpochs", "training.warmup_epochs (NaN: auto)",
                check("warmupEpochs"));
        optimizerState = string(owner, "optimizerState", "training.optimizer_state");
        specYaml = string(owner, "specYaml", "YAML with the model, optimizer and training sections of a job spec,"
                + " for everything the other params do not set");
    }

    /** The defaults: the spec's. */
    void setDefaults(DefaultSetter d) {
        d.set(hiddenUnits, new int[] {100, 100});
        d.set(activation, "relu");
        d.set(optimizer, "adam");
        d.set(learningRate, 0.001);
        d.set(epochs, 20);
        d.set(batchSize, 32);
        d.set(workers, 0);
        d.set(averaging, "auto");
        d.set(validationSplit, 0.2);
        d.set(patience, 2);
        d.set(outerOptimizer, "auto");
        d.set(outerLearningRate, Double.NaN);
        d.set(outerMomentum, Double.NaN);
        d.set(learningRateScaling, "auto");
        d.set(warmupEpochs, Double.NaN);
        d.set(optimizerState, "average");
        d.set(specYaml, "");
    }

    /** Params.setDefault, which is protected in Scala (public in bytecode but not callable from here). */
    interface DefaultSetter {
        <T> void set(Param<T> p, T value);
    }

    private static Param<String> string(Params owner, String name, String doc) {
        return new Param<>(owner, name, doc, check(name));
    }

    /** A validator that builds the spec piece the param sets; a bad value throws the spec's one-line message. */
    private static <T> Function1<T, Object> check(String name) {
        return (Function1<T, Object> & java.io.Serializable) v -> {
            ObjectNode root = name.equals("specYaml") ? sections((String) v) : YAML.createObjectNode();
            if (!name.equals("specYaml")) { // one value's range here; how params combine is checked at fit
                obj(root, "training").put("early_stopping", false);
            }
            put(root, name, v, true);
            parse(root, Task.AUTO, "label", name);
            return Boolean.TRUE;
        };
    }

    /** The job spec: {@code specYaml}'s sections with every param set on {@code owner} written over them. */
    static JobSpec spec(Params owner, NetParams p, Task task, String label) {
        ObjectNode root = sections(owner.getOrDefault(p.specYaml));
        for (Param<?> param : List.of(p.hiddenUnits, p.activation, p.optimizer, p.learningRate, p.epochs,
                p.batchSize, p.workers, p.averaging, p.validationSplit, p.patience, p.outerOptimizer,
                p.outerLearningRate, p.outerMomentum, p.learningRateScaling, p.warmupEpochs, p.optimizerState)) {
            if (owner.isSet(param) || (param == p.activation && owner.isSet(p.hiddenUnits))
                    || (param == p.hiddenUnits && owner.isSet(p.activation))) {
                put(root, param.name(), owner.getOrDefault(param), false);
            }
        }
        if (owner instanceof org.apache.spark.ml.param.shared.HasSeed h && owner.isSet(h.seed())) {
            obj(root, "training").put("seed", (Long) owner.getOrDefault(h.seed()));
        }
        ObjectNode training = (ObjectNode) root.get("training");
        if (owner.isSet(p.validationSplit) && (Double) owner.getOrDefault(p.validationSplit) == 0.0
                && !owner.isSet(p.patience) && training != null && !training.has("early_stopping")) {
            training.put("early_stopping", false); // no validation rows: nothing to stop early on
        }
        if (owner.isSet(p.hiddenUnits) || owner.isSet(p.activation)) {
            ArrayNode hidden = obj(root, "model").putArray("hidden");
            for (int u : (int[]) owner.getOrDefault(p.hiddenUnits)) {
                hidden.addObject().put("units", u).put("activation", owner.getOrDefault(p.activation));
            }
        }
        return parse(root, task, label, "params");
    }

    private static void put(ObjectNode root, String name, Object v, boolean alone) {
        switch (name) {
            case "hiddenUnits" -> {
                ArrayNode hidden = obj(root, "model").putArray("hidden");
                for (int u : (int[]) v) {
                    hidden.addObject().put("units", u);
                }
            }
            case "activation" -> {
                if (alone) {
                    obj(root, "model").putArray("hidden").addObject().put("units", 1).put("activation", (String) v);
                }
            }
            case "optimizer" -> obj(root, "optimizer").put("name", (String) v);
            case "learningRate" -> obj(root, "optimizer").put("learning_rate", (Double) v);
            case "epochs" -> obj(root, "training").put("epochs", (Integer) v);
            case "batchSize" -> obj(root, "training").put("batch_size", (Integer) v);
            case "workers" -> obj(root, "training").put("workers", (Integer) v);
            case "averaging" -> obj(root, "training").put("averaging", (String) v);
            case "validationSplit" -> obj(root, "training").put("validation_split", (Double) v);
            case "patience" -> {
                ObjectNode t = obj(root, "training");
                if ((Integer) v == 0) {
                    t.put("early_stopping", false);
                } else {
                    obj(t, "early_stopping").put("patience", (Integer) v);
                }
            }
            case "outerOptimizer" -> obj(obj(root, "training"), "outer_optimizer").put("name", (String) v);
            case "outerLearningRate" -> auto(obj(obj(root, "training"), "outer_optimizer"), "learning_rate", (Double) v);
            case "outerMomentum" -> auto(obj(obj(root, "training"), "outer_optimizer"), "momentum", (Double) v);
            case "learningRateScaling" -> obj(root, "training").put("learning_rate_scaling", (String) v);
            case "warmupEpochs" -> auto(obj(root, "training"), "warmup_epochs", (Double) v);
            case "optimizerState" -> obj(root, "training").put("optimizer_state", (String) v);
            case "specYaml" -> { } // its sections are the root
            default -> throw new IllegalArgumentException(name);
        }
    }

    private static void auto(ObjectNode n, String key, double v) {
        if (Double.isNaN(v)) {
            n.put(key, "auto");
        } else {
            n.put(key, v);
        }
    }

    /** The child mapping {@code key} of {@code n}, made a mapping if absent or a scalar ({@code name} shorthand). */
    private static ObjectNode obj(ObjectNode n, String key) {
        JsonNode c = n.get(key);
        if (c instanceof ObjectNode o) {
            return o;
        }
        ObjectNode o = n.putObject(key);
        if (c != null && c.isTextual() && key.equals("outer_optimizer")) {
            o.put("name", c.asText());
        }
        return o;
    }

    /** {@code specYaml} parsed; only the model, optimizer and training sections are allowed. */
    private static ObjectNode sections(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            return YAML.createObjectNode();
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (java.io.IOException e) {
            throw new SpecException("specYaml: not YAML (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
            return YAML.createObjectNode();
        }
        if (!(tree instanceof ObjectNode o)) {
            throw new SpecException("specYaml: not a mapping (give model, optimizer and training sections)");
        }
        o.fieldNames().forEachRemaining(k -> {
            if (!SECTIONS.contains(k)) {
                throw new SpecException("specYaml: section '" + k + "' is not allowed (allowed: model, optimizer,"
                        + " training; the DataFrame and the Pipeline's stages replace data and preprocess)");
            }
        });
        return o.deepCopy();
    }

    private static JobSpec parse(ObjectNode sections, Task task, String label, String source) {
        ObjectNode root = sections.deepCopy();
        root.put("name", "dataframe");
        ObjectNode data = root.putObject("data");
        data.put("table", "dataframe");
        data.put("label", label);
        data.put("task", task.key());
        root.putObject("preprocess").put("standardize", false);
        try {
            return SpecLoader.parse(YAML.writeValueAsString(root), source, List.of());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
