package dev.sparkfit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecErrorsTest {

    static final String MINIMAL = SpecLoaderTest.MINIMAL;

    static String error(String yaml) {
        return assertThrows(SpecException.class, () -> SpecLoader.parse(yaml, "conf/x.yaml", List.of()))
                .getMessage();
    }

    static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "'" + part + "' missing in: " + message);
        }
        assertFalse(message.contains("\n"), () -> "not one line: " + message);
    }

    @Test
    void unknownKeyWithSuggestion() {
        assertEquals("conf/x.yaml: training.epoch: unknown key (did you mean 'epochs'? known: epochs, batch_size, "
                + "workers, averaging, seed, validation_split, engine, early_stopping, diagnostics, outer_optimizer, "
                + "learning_rate_scaling, warmup_epochs, optimizer_state, class_weight, reduce_lr_on_plateau)",
                error(MINIMAL + "training: {epoch: 3}"));
        assertMentions(error(MINIMAL + "modle: {}"), "conf/x.yaml: modle: unknown key (did you mean 'model'?");
        assertMentions(error(MINIMAL + "model: {hidden: [{unit: 3}]}"),
                "model.hidden[0].unit: unknown key (did you mean 'units'? known: units, activation)");
        assertMentions(error(MINIMAL + "training: {early_stopping: {patient: 3}}"),
                "training.early_stopping.patient: unknown key (did you mean 'patience'?");
    }

    @Test
    void unknownKeyWithoutSuggestion() {
        assertEquals("conf/x.yaml: data.zzzzzz: unknown key (known: path, table, sql, format, label, features, categorical, "
                + "task, missing, bad_records, max_bad_fraction, max_categories, validation, weight)", error(MINIMAL.replace("}", ", zzzzzz: 1}")));
    }

    @Test
    void wrongTypes() {
        assertEquals("conf/x.yaml: training.epochs: 'ten' is not an integer",
                error(MINIMAL + "training: {epochs: ten}"));
        assertEquals("conf/x.yaml: training.epochs: '2.5' is not an integer",
                error(MINIMAL + "training: {epochs: 2.5}"));
        assertMentions(error(MINIMAL + "model: {l2: lots}"), "model.l2: 'lots' is not a number");
        assertMentions(error(MINIMAL + "preprocess: {standardize: maybe}"),
                "preprocess.standardize: 'maybe' is not true or false");
        assertMentions(error(MINIMAL + "training: {diagnostics: sometimes}"),
                "training.diagnostics: 'sometimes' is not true or false");
        assertMentions(error(MINIMAL + "training: 5"), "training: '5' is not a mapping");
        assertMentions(error(MINIMAL + "spark: {master: [a, b]}"), "spark.master: [\"a\",\"b\"] is not a single value");
        assertMentions(error(MINIMAL.replace("}", ", features: {a: 1}}")), "data.features: {\"a\":1} is not a list");
    }

    @Test
    void missingRequired() {
        assertEquals("conf/x.yaml: data.path is required (or data.table, or data.sql)", error("data: {label: wage}"));
        assertEquals("conf/x.yaml: data.path is required (or data.table, or data.sql)", error(""));
        assertMentions(error("data: {path: a.csv}"), "conf/x.yaml: data.label is required");
        assertMentions(error(MINIMAL + "model: {hidden: [{activation: tanh}]}"), "model.hidden[0].units is required");
    }

    @Test
    void enumWords() {
        assertEquals("conf/x.yaml: model.hidden[1].activation: 'rellu' is not one of relu, leakyrelu, elu, tanh, "
                + "sigmoid, softmax, identity",
                error(MINIMAL + "model: {hidden: [{units: 2}, {units: 2, activation: rellu}]}"));
        assertMentions(error(MINIMAL + "model: {output_activation: linear}"),
                "model.output_activation: 'linear' is not one of auto, relu,", "identity");
        assertMentions(error(MINIMAL + "training: {engine: spark}"),
                "training.engine: 'spark' is not one of averaging, averaging-dl4j-fit, dl4j-paramavg");
        assertMentions(error(MINIMAL + "model: {loss: crossentropy}"),
                "model.loss: 'crossentropy' is not one of auto, mse, mae, categorical_crossentropy, "
                        + "binary_crossentropy");
        assertMentions(error(MINIMAL + "training: {early_stopping: {monitor: val_acc}}"),
                "training.early_stopping.monitor: 'val_acc' is not loss or a metric, with or without val_ (did you mean");
        assertEquals(OptimizerName.ADAGRAD, OptimizerName.parse("optimizer.name", "AdaGrad"));
        assertEquals("categorical_crossentropy", LossName.CATEGORICAL_CROSSENTROPY.key());
    }

    @Test
    void ranges() {
        assertMentions(error(MINIMAL + "training: {epochs: 0}"), "conf/x.yaml: training.epochs: 0 is not >= 1");
        assertMentions(error(MINIMAL + "training: {workers: -1}"), "training.workers: -1 is not >= 0");
        assertMentions(error(MINIMAL + "model: {dropout: 1.0}"), "model.dropout: 1.0 is not in [0.0, 1.0)");
        assertMentions(error(MINIMAL + "model: {hidden: [4, 0]}"), "model.hidden[1]: 0 is not >= 1");
        assertMentions(error(MINIMAL + "model: {hidden: [{units: 0}]}"), "model.hidden[0].units: 0 is not >= 1");
        assertMentions(error(MINIMAL + "training: {validation_split: 1}"), "training.validation_split: 1.0 is not in");
        assertMentions(error(MINIMAL + "optimizer: {learning_rate: 0}"), "optimizer.learning_rate: 0.0 is not > 0");
        assertMentions(error(MINIMAL + "optimizer: {momentum: 1}"), "optimizer.momentum: 1.0 is not in [0.0, 1.0)");
        assertMentions(error(MINIMAL.replace("}", ", max_bad_fraction: 1.5}")),
                "data.max_bad_fraction: 1.5 is not in [0.0, 1.0]");
        assertMentions(error(MINIMAL + "name: 'my job'"), "name: 'my job' may only contain");
        assertMentions(error(MINIMAL.replace("}", ", features: [a, wage]}")),
                "data.features:", "contains the label 'wage'");
    }

    @Test
    void eachRangeOfTheIssueHasItsOwnCase() {
        assertEquals("conf/x.yaml: training.epochs: 0 is not >= 1", error(MINIMAL + "training: {epochs: 0}"));
        assertEquals("conf/x.yaml: training.batch_size: 0 is not >= 1", error(MINIMAL + "training: {batch_size: 0}"));
        assertEquals("conf/x.yaml: optimizer.learning_rate: -0.1 is not > 0 (and finite)",
                error(MINIMAL + "optimizer: {learning_rate: -0.1}"));
        assertEquals("conf/x.yaml: training.validation_split: -0.1 is not in [0.0, 1.0)",
                error(MINIMAL + "training: {validation_split: -0.1}"));
        assertEquals("conf/x.yaml: training.early_stopping.patience: -1 is not >= 0",
                error(MINIMAL + "training: {early_stopping: {patience: -1}}"));
        assertEquals("conf/x.yaml: cv.folds: 1 is not >= 2", error(MINIMAL + "cv: {folds: 1}"));
    }

    @Test
    void unknownOptimizerAndFormatListTheAllowedOnes() {
        assertMentions(error(MINIMAL + "optimizer: {name: adamw}"),
                "conf/x.yaml: optimizer.name: 'adamw' is not one of sgd, nesterov, adam, rmsprop, adagrad");
        assertMentions(error(MINIMAL.replace("}", ", format: json}")),
                "conf/x.yaml: data.format: 'json' is not one of auto, csv, parquet, orc, libsvm");
        assertMentions(error(MINIMAL + "model: {hidden: [{units: 2, activation: gelu}]}"),
                "model.hidden[0].activation: 'gelu' is not one of relu, leakyrelu, elu, tanh, sigmoid, softmax, identity");
    }

    @Test
    void averaging() {
        assertEquals("conf/x.yaml: training.averaging: 'sometimes' is not 'auto', 'epoch' or an integer >= 1",
                error(MINIMAL + "training: {averaging: sometimes}"));
        assertEquals("conf/x.yaml: training.averaging: '0' is not 'auto', 'epoch' or an integer >= 1",
                error(MINIMAL + "training: {averaging: 0}"));
        assertEquals(3, SpecLoader.parse(MINIMAL + "training: {averaging: 3}", "x", List.of())
                .training().averagingEvery());
    }

    @Test
    void taskMustFitLoss() {
        assertEquals("conf/x.yaml: model.loss: 'mse' does not fit data.task 'classification' "
                + "(use categorical_crossentropy or binary_crossentropy)",
                error(MINIMAL.replace("}", ", task: classification}") + "model: {loss: mse}"));
        assertMentions(error(MINIMAL.replace("}", ", task: regression}") + "model: {loss: binary_crossentropy}"),
                "model.loss: 'binary_crossentropy' does not fit data.task 'regression' (use mse or mae)");
        assertMentions(error(MINIMAL.replace("}", ", task: regression}") + "model: {output_activation: softmax}"),
                "model.output_activation: 'softmax' does not fit data.task 'regression'");
        assertMentions(error(MINIMAL.replace("}", ", task: regression}")
                + "training: {early_stopping: {monitor: val_accuracy}}"),
                "training.early_stopping.monitor: 'val_accuracy' does not fit data.task 'regression'");
        assertMentions(error(MINIMAL + "model: {loss: binary_crossentropy, output_activation: softmax}"),
                "model.output_activation: 'softmax' does not fit model.loss 'binary_crossentropy' "
                        + "(use auto or sigmoid)");
        // auto task: decided later, so anything goes here
        SpecLoader.parse(MINIMAL + "model: {loss: mse}", "x", List.of());
    }

    @Test
    void yamlSyntaxErrorIsOneLineWithLine() {
        String message = error("data:\n  path: a.csv\n  label: [wage\ntraining: {}\n");
        assertMentions(message, "conf/x.yaml: YAML syntax error at line 4");
        assertMentions(error("data: {path: a, label: b}\n  x: 1\n"), "conf/x.yaml: YAML syntax error at line 2");
    }

    @Test
    void duplicateKeysAreErrors() {
        assertMentions(error(MINIMAL + "data: {path: b.csv, label: y}"), "conf/x.yaml:", "line 2", "'data'");
    }

    @Test
    void rootMustBeMapping() {
        assertMentions(error("- a\n- b\n"), "conf/x.yaml: the spec must be a mapping", "data, preprocess");
    }

    @Test
    void recordsValidateWithoutLoader() {
        SpecException e = assertThrows(SpecException.class, () -> new TrainingSpec(0, 32, 0, 0, 1L, 0.2,
                Engine.AVERAGING, EarlyStoppingSpec.defaults()));
        assertEquals("training.epochs: 0 is not >= 1", e.getMessage());
        assertThrows(SpecException.class, () -> new ModelSpec(List.of(), Optional.empty(), LossName.AUTO,
                WeightInitName.AUTO, -1, 0));
        assertThrows(SpecException.class, () -> DataSpec.of("a.csv", null));
        assertThrows(UnsupportedOperationException.class, () -> JobSpec.of("j", DataSpec.of("a.csv", "y"))
                .model().hidden().add(LayerSpec.of(1)));
    }

    @Test
    void outerOptimizer() {
        assertEquals("conf/x.yaml: training.outer_optimizer.name: 'adam' is not one of auto, none, momentum, nesterov",
                error(MINIMAL + "training: {outer_optimizer: {name: adam}}"));
        assertEquals("conf/x.yaml: training.outer_optimizer: 'slowmo' is not one of auto, none, momentum, nesterov",
                error(MINIMAL + "training: {outer_optimizer: slowmo}"));
        assertEquals("conf/x.yaml: training.outer_optimizer.learning_rate: 0.0 is not auto or a number in (0, 10]",
                error(MINIMAL + "training: {outer_optimizer: {name: nesterov, learning_rate: 0}}"));
        assertEquals("conf/x.yaml: training.outer_optimizer.learning_rate: 11.0 is not auto or a number in (0, 10]",
                error(MINIMAL + "training: {outer_optimizer: {learning_rate: 11}}"));
        assertEquals("conf/x.yaml: training.outer_optimizer.learning_rate: 'fast' is not auto or a number",
                error(MINIMAL + "training: {outer_optimizer: {learning_rate: fast}}"));
        assertEquals("conf/x.yaml: training.outer_optimizer.momentum: 1.0 is not auto or a number in [0, 1)",
                error(MINIMAL + "training: {outer_optimizer: {momentum: 1}}"));
        assertEquals("conf/x.yaml: training.outer_optimizer.momentum: -0.1 is not auto or a number in [0, 1)",
                error(MINIMAL + "training: {outer_optimizer: {momentum: -0.1}}"));
        assertMentions(error(MINIMAL + "training: {outer_optimizer: {momentun: 0.9}}"),
                "training.outer_optimizer.momentun: unknown key (did you mean 'momentum'? known: name, learning_rate, momentum)");
        assertEquals("conf/x.yaml: training.outer_optimizer.name: 'nesterov' needs training.engine averaging or "
                + "averaging-dl4j-fit (dl4j-paramavg averages plainly)",
                error(MINIMAL + "training: {engine: dl4j-paramavg, outer_optimizer: nesterov}"));
        OuterOptimizerSpec o = SpecLoader.parse(MINIMAL + "training: {outer_optimizer: {name: momentum, momentum: 0.5}}",
                "x", List.of()).training().outerOptimizer();
        assertEquals(OuterOptimizerName.MOMENTUM, o.name());
        assertTrue(Double.isNaN(o.learningRate()), "auto");
        assertEquals(0.5, o.momentum());
    }

    @Test
    void learningRateScalingWarmUpAndOptimizerState() {
        assertEquals("conf/x.yaml: training.learning_rate_scaling: 'square' is not one of auto, none, sqrt, linear",
                error(MINIMAL + "training: {learning_rate_scaling: square}"));
        assertEquals("conf/x.yaml: training.warmup_epochs: -1.0 is not auto or a number in [0, 1000]",
                error(MINIMAL + "training: {warmup_epochs: -1}"));
        assertEquals("conf/x.yaml: training.warmup_epochs: 'soon' is not auto or a number",
                error(MINIMAL + "training: {warmup_epochs: soon}"));
        assertEquals("conf/x.yaml: training.optimizer_state: 'keep' is not one of average, reset",
                error(MINIMAL + "training: {optimizer_state: keep}"));
        assertEquals("conf/x.yaml: training.learning_rate_scaling: 'linear' needs training.engine averaging or "
                + "averaging-dl4j-fit (dl4j-paramavg averages plainly)",
                error(MINIMAL + "training: {engine: dl4j-paramavg, learning_rate_scaling: linear}"));
        TrainingSpec t = SpecLoader.parse(MINIMAL + "training: {learning_rate_scaling: sqrt, warmup_epochs: 0.5,"
                + " optimizer_state: reset}", "x", List.of()).training();
        assertEquals(LrScaling.SQRT, t.learningRateScaling());
        assertEquals(0.5, t.warmupEpochs());
        assertEquals(OptimizerState.RESET, t.optimizerState());
    }
}
