package dev.sparkfit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {

    static final String MINIMAL = "data: {path: data-samples/hourly_wages.csv, label: wage}\n";

    static final String FULL = """
            name: hourly-wages            # default: the spec file's base name
            data:
              path: data-samples/hourly_wages.csv
              format: auto
              label: wage
              features: []
              categorical: []
              task: auto
              missing: mean
              bad_records: fail
              max_bad_fraction: 0.01
              max_categories: 1000
            preprocess:
              standardize: true
            model:
              hidden:
                - {units: 100, activation: relu}
                - {units: 100}
              output_activation: auto
              loss: auto
              weight_init: auto
              l2: 0.0
              dropout: 0.0
            optimizer: {name: adam, learning_rate: 0.001}
            training:
              epochs: 20
              batch_size: 32
              workers: 0
              averaging: auto
              seed: 42
              validation_split: 0.2
              engine: averaging
              early_stopping: {enabled: true, monitor: val_loss, patience: 2, min_delta: 0.0, mode: auto,
                               restore_best_weights: true}
              outer_optimizer: {name: auto, learning_rate: auto, momentum: auto}
              learning_rate_scaling: auto
              warmup_epochs: auto
              optimizer_state: average
            spark:
              master: local[*]
              conf: {}
            """;

    static JobSpec parse(String yaml, String... overrides) {
        return SpecLoader.parse(yaml, "conf/hourly-wages.yaml", List.of(overrides));
    }

    @Test
    void minimalSpecGetsEveryDefault() {
        JobSpec spec = parse(MINIMAL);
        assertEquals("hourly-wages", spec.name());
        DataSpec data = spec.data();
        assertEquals("data-samples/hourly_wages.csv", data.path());
        assertEquals(DataFormat.AUTO, data.format());
        assertEquals("wage", data.label());
        assertEquals(List.of(), data.features());
        assertEquals(List.of(), data.categorical());
        assertEquals(Task.AUTO, data.task());
        assertEquals(MissingPolicy.MEAN, data.missing());
        assertEquals(BadRecords.FAIL, data.badRecords());
        assertEquals(0.01, data.maxBadFraction());
        assertTrue(spec.preprocess().standardize());
        ModelSpec model = spec.model();
        assertEquals(List.of(new LayerSpec(100, Activation.RELU), new LayerSpec(100, Activation.RELU)),
                model.hidden());
        assertEquals(Optional.empty(), model.outputActivation());
        assertEquals(LossName.AUTO, model.loss());
        assertEquals(WeightInitName.AUTO, model.weightInit());
        assertEquals(0.0, model.l2());
        assertEquals(0.0, model.dropout());
        assertEquals(new OptimizerSpec(OptimizerName.ADAM, 0.001, 0.0, 0.9, 0.999, 1e-7, 0.9), spec.optimizer());
        TrainingSpec training = spec.training();
        assertEquals(20, training.epochs());
        assertEquals(32, training.batchSize());
        assertEquals(0, training.workers());
        assertEquals(TrainingSpec.AVERAGING_AUTO, training.averagingEvery());
        assertEquals(OuterOptimizerSpec.defaults(), training.outerOptimizer());
        assertEquals(LrScaling.AUTO, training.learningRateScaling());
        assertTrue(Double.isNaN(training.warmupEpochs()));
        assertEquals(OptimizerState.AVERAGE, training.optimizerState());
        assertEquals(42L, training.seed());
        assertEquals(0.2, training.validationSplit());
        assertEquals(Engine.AVERAGING, training.engine());
        assertEquals(new EarlyStoppingSpec(true, "val_loss", 2, 0.0, Mode.AUTO, true), training.earlyStopping());
        assertTrue(training.earlyStopping().minimize());
        assertEquals(new SparkSpec("local[*]", Map.of()), spec.spark());
        assertEquals(JobSpec.of("hourly-wages", DataSpec.of("data-samples/hourly_wages.csv", "wage")), spec);
    }

    @Test
    void fullExampleEqualsDefaults() {
        assertEquals(parse(MINIMAL), parse(FULL));
        assertEquals(SpecLoader.hash(parse(MINIMAL)), SpecLoader.hash(parse(FULL)));
    }

    @Test
    void aSpecThatIsNotUtf8SaysSoAndWhere(@TempDir Path tmp) throws Exception {
        Path latin1 = tmp.resolve("latin1.yaml");
        Files.write(latin1, "name: caf\u00e9\ndata: {path: x.csv, label: y}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(latin1, List.of()));
        assertEquals("spec file " + latin1 + " is not UTF-8 text (byte 0xe9 at offset 9, line 1); save it as UTF-8 YAML",
                e.getMessage());
    }

    @Test
    void libsvmLabelDefaultsToLabel() {
        JobSpec spec = parse("data: {path: a.svm, format: libsvm}");
        assertEquals("label", spec.data().label());
        assertEquals(DataFormat.LIBSVM, spec.data().format());
    }

    @Test
    void optimizerDefaultsDependOnName() {
        OptimizerSpec nesterov = parse(MINIMAL + "optimizer: {name: nesterov}").optimizer();
        assertEquals(0.9, nesterov.momentum());
        assertEquals(0.01, nesterov.learningRate());
        assertEquals(0.0, parse(MINIMAL + "optimizer: sgd").optimizer().momentum());
        assertEquals(0.9, parse(MINIMAL + "optimizer: {name: rmsprop}").optimizer().rho());
    }

    @Test
    void shorthands() {
        JobSpec spec = parse(MINIMAL + "model: {hidden: [64, 32]}\ntraining: {early_stopping: false}");
        assertEquals(List.of(LayerSpec.of(64), LayerSpec.of(32)), spec.model().hidden());
        assertFalse(spec.training().earlyStopping().enabled());
        assertEquals("val_loss", spec.training().earlyStopping().monitor());
        assertEquals(List.of(), parse(MINIMAL + "model: {hidden: []}").model().hidden());
    }

    @Test
    void earlyStoppingModeAuto() {
        assertFalse(new EarlyStoppingSpec(true, "val_accuracy", 2, 0, Mode.AUTO, true).minimize());
        assertTrue(new EarlyStoppingSpec(true, "val_accuracy", 2, 0, Mode.MIN, true).minimize());
        assertFalse(new EarlyStoppingSpec(true, "loss", 2, 0, Mode.MAX, true).minimize());
    }

    @Test
    void earlyStoppingOnValidationMetricNeedsValidationSplit() {
        SpecException e = assertThrows(SpecException.class,
                () -> parse(MINIMAL + "training: {validation_split: 0}"));
        assertTrue(e.getMessage().contains("training.early_stopping.monitor"), e.getMessage());
        assertTrue(e.getMessage().contains("training.validation_split"), e.getMessage());
        assertTrue(e.getMessage().startsWith("conf/hourly-wages.yaml: "), e.getMessage());
        // fine when disabled or when monitoring a training metric
        parse(MINIMAL + "training: {validation_split: 0, early_stopping: false}");
        parse(MINIMAL + "training: {validation_split: 0, early_stopping: {monitor: loss}}");
    }

    @Test
    void roundTripOfDefaults() {
        JobSpec spec = parse(MINIMAL);
        String yaml = SpecLoader.toYaml(spec);
        assertEquals(spec, SpecLoader.parse(yaml, "other.yaml", List.of()));
        assertTrue(yaml.startsWith("name: hourly-wages\ndata:\n  path: data-samples/hourly_wages.csv\n"), yaml);
        assertTrue(yaml.contains("  averaging: auto\n"), yaml);
        assertTrue(yaml.contains("  outer_optimizer:\n    name: auto\n    learning_rate: auto\n    momentum: auto\n"), yaml);
        assertTrue(yaml.contains("  output_activation: auto\n"), yaml);
    }

    @Test
    void roundTripOfEverythingSet() {
        JobSpec spec = parse("""
                name: job_2.b
                data: {path: "d #1/x.parquet", format: parquet, label: "yes", features: ["1.50", "null", b],
                       categorical: [b], task: classification, missing: fail, bad_records: skip,
                       max_bad_fraction: 0.5}
                preprocess: {standardize: false}
                model: {hidden: [{units: 3, activation: leakyrelu}], output_activation: softmax,
                        loss: categorical_crossentropy, weight_init: xavier, l2: 1e-4, dropout: 0.25}
                optimizer: {name: rmsprop, learning_rate: 3e-4, rho: 0.95, epsilon: 1e-8}
                training: {epochs: 3, batch_size: 7, workers: 4, averaging: 5, seed: -9007199254740993,
                           validation_split: 0, engine: averaging-dl4j-fit,
                           early_stopping: {monitor: accuracy, patience: 0, min_delta: 0.001, mode: max,
                                            restore_best_weights: false}, diagnostics: false}
                spark: {master: "spark://h:7077", conf: {spark.executor.memory: 2g, spark.x: 5, a: true}}
                """);
        assertEquals("yes", spec.data().label());
        assertEquals(Map.of("spark.executor.memory", "2g", "spark.x", "5", "a", "true"), spec.spark().conf());
        String yaml = SpecLoader.toYaml(spec);
        assertEquals(spec, SpecLoader.parse(yaml, "x.yaml", List.of()), yaml);
        assertTrue(yaml.contains("  averaging: 5\n"), yaml);
        assertTrue(yaml.contains("  engine: averaging-dl4j-fit\n"), yaml);
        assertFalse(spec.training().diagnostics());
        assertTrue(yaml.contains("  diagnostics: false\n"), yaml);
    }

    @Test
    void hashIsStableAndSensitive() {
        String first = SpecLoader.hash(parse(MINIMAL));
        assertEquals(64, first.length());
        assertTrue(first.matches("[0-9a-f]{64}"));
        assertEquals(first, SpecLoader.hash(parse("data:\n  label: wage\n  path: data-samples/hourly_wages.csv\n")));
        assertNotEquals(first, SpecLoader.hash(parse(MINIMAL, "training.epochs=21")));
        assertNotEquals(first, SpecLoader.hash(parse(MINIMAL).withName("other")));
    }

    @Test
    void loadsFromFileAndNamesJobAfterIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("my job.v2.yaml");
        Files.writeString(file, MINIMAL);
        JobSpec spec = SpecLoader.load(file, List.of("training.epochs=3"));
        assertEquals("my-job.v2", spec.name());
        assertEquals(3, spec.training().epochs());
    }

    @Test
    void missingFile() {
        SpecException e = assertThrows(SpecException.class,
                () -> SpecLoader.load(Path.of("conf/nope.yaml"), List.of()));
        assertEquals("spec file conf/nope.yaml does not exist", e.getMessage());
    }

    @Test
    void withMethodsReplaceOneComponent() {
        JobSpec spec = parse(MINIMAL);
        JobSpec changed = spec.withHidden(List.of(LayerSpec.of(8)))
                .withTraining(spec.training().withEpochs(2));
        assertEquals(List.of(LayerSpec.of(8)), changed.model().hidden());
        assertEquals(2, changed.training().epochs());
        assertEquals(spec.data(), changed.data());
    }

    @Test
    void secretsInSparkConfAreRedactedInTheWrittenSpecAndDoNotChangeItsHash() {
        JobSpec a = parse(MINIMAL, "spark.conf.spark.authenticate.secret=hunter2", "spark.conf.spark.ssl.keyPassword=pw1");
        JobSpec b = parse(MINIMAL, "spark.conf.spark.authenticate.secret=other", "spark.conf.spark.ssl.keyPassword=pw2");
        String yaml = SpecLoader.toYaml(a);
        org.junit.jupiter.api.Assertions.assertFalse(yaml.contains("hunter2") || yaml.contains("pw1"), yaml);
        org.junit.jupiter.api.Assertions.assertTrue(yaml.contains("*** redacted ***"), yaml);
        assertEquals(a.spark().conf().get("spark.authenticate.secret"), "hunter2", "the job itself still gets it");
        assertEquals(SpecLoader.hash(a), SpecLoader.hash(b));
    }
}
