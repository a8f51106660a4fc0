package dev.sparkfit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverridesTest {

    static final String MINIMAL = SpecLoaderTest.MINIMAL;

    static JobSpec parse(String yaml, String... overrides) {
        return SpecLoader.parse(yaml, "conf/job.yaml", List.of(overrides));
    }

    static String error(String yaml, String... overrides) {
        return assertThrows(SpecException.class, () -> parse(yaml, overrides)).getMessage();
    }

    @Test
    void scalars() {
        JobSpec spec = parse(MINIMAL, "training.epochs=5", "training.averaging=4", "data.label=salary",
                "optimizer.learning_rate=1e-2", "training.early_stopping=false");
        assertEquals(5, spec.training().epochs());
        assertEquals(4, spec.training().averagingEvery());
        assertEquals("salary", spec.data().label());
        assertEquals(0.01, spec.optimizer().learningRate());
        assertEquals(false, spec.training().earlyStopping().enabled());
        assertEquals(0, parse(MINIMAL + "training: {averaging: 3}", "training.averaging=epoch")
                .training().averagingEvery());
    }

    @Test
    void laterOverrideWinsAndEmptyValueRestoresDefault() {
        assertEquals(7, parse(MINIMAL, "training.epochs=5", "training.epochs=7").training().epochs());
        assertEquals(20, parse(MINIMAL + "training: {epochs: 3}", "training.epochs=").training().epochs());
    }

    @Test
    void listIndexInFileAndInDefault() {
        String file = MINIMAL + "model: {hidden: [{units: 10}, {units: 20, activation: tanh}]}";
        assertEquals(List.of(LayerSpec.of(10), new LayerSpec(5, Activation.TANH)),
                parse(file, "model.hidden[1].units=5").model().hidden());
        assertEquals(List.of(LayerSpec.of(100), new LayerSpec(100, Activation.ELU)),
                parse(MINIMAL, "model.hidden[1].activation=elu").model().hidden());
        assertEquals(List.of(LayerSpec.of(10), new LayerSpec(20, Activation.TANH), LayerSpec.of(7)),
                parse(file, "model.hidden[2].units=7").model().hidden());
    }

    @Test
    void listValue() {
        assertEquals(List.of(LayerSpec.of(8)), parse(MINIMAL, "model.hidden=[{units: 8}]").model().hidden());
        assertEquals(List.of(), parse(MINIMAL, "model.hidden=[]").model().hidden());
        assertEquals(List.of("a", "b"), parse(MINIMAL, "data.features=[a, b]").data().features());
    }

    @Test
    void createsMissingSections() {
        JobSpec spec = parse(MINIMAL, "optimizer.name=sgd", "training.early_stopping.patience=4");
        assertEquals(OptimizerName.SGD, spec.optimizer().name());
        assertEquals(0.01, spec.optimizer().learningRate());
        assertEquals(4, spec.training().earlyStopping().patience());
    }

    @Test
    void sparkConfKeysKeepTheirDots() {
        JobSpec spec = parse(MINIMAL, "spark.conf.spark.executor.memory=4g", "spark.master=local[2]");
        assertEquals(Map.of("spark.executor.memory", "4g"), spec.spark().conf());
        assertEquals("local[2]", spec.spark().master());
    }

    @Test
    void unknownKeyIsSameErrorAsInFile() {
        String fromOverride = error(MINIMAL, "training.epoch=5");
        assertEquals(error(MINIMAL + "training: {epoch: 5}"), fromOverride);
        assertTrue(fromOverride.startsWith("conf/job.yaml: training.epoch: unknown key (did you mean 'epochs'?"),
                fromOverride);
        assertTrue(error(MINIMAL, "trainig.epochs=5").contains("trainig: unknown key (did you mean 'training'?"));
        assertTrue(error(MINIMAL, "training.epochs=ten").contains("training.epochs: 'ten' is not an integer"));
    }

    @Test
    void malformedOverrides() {
        assertTrue(error(MINIMAL, "training.epochs").contains("override 'training.epochs': expected key=value"));
        assertTrue(error(MINIMAL, "training..epochs=3").contains("is not a key path"));
        assertTrue(error(MINIMAL, "model.hidden[5].units=3")
                .contains("model.hidden[5] is out of range (the list has 2 items"));
        assertTrue(error(MINIMAL, "data.path.x=3").contains("data.path is not a mapping"));
        assertTrue(error(MINIMAL, "data.features[0]=a").contains("data.features is not set"));
        assertTrue(error(MINIMAL, "model.hidden=[1").contains("the value is not valid YAML"));
    }
}
