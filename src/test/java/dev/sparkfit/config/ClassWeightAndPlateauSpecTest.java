package dev.sparkfit.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.sparkfit.config.SpecErrorsTest.assertMentions;
import static dev.sparkfit.config.SpecErrorsTest.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code training.class_weight} and {@code training.reduce_lr_on_plateau}: reading, writing back, errors. */
class ClassWeightAndPlateauSpecTest {

    private static final String CLASSIFY = SpecErrorsTest.MINIMAL.replace("}", ", task: classification}");

    private static JobSpec parse(String yaml) {
        return SpecLoader.parse(yaml, "conf/x.yaml", List.of());
    }

    @Test
    void classWeightIsNoneBalancedOrAMap() {
        assertFalse(parse(CLASSIFY).training().classWeight().enabled());
        assertTrue(parse(CLASSIFY + "training: {class_weight: balanced}").training().classWeight().balanced());
        JobSpec map = parse(CLASSIFY + "training: {class_weight: {no: 1, yes: 4.5}}");
        assertEquals(Map.of("no", 1.0, "yes", 4.5), map.training().classWeight().weights());
        assertEquals(map.training(), parse(SpecLoader.toYaml(map)).training(), "spec.yaml reads back the same");
        JobSpec balanced = parse(CLASSIFY + "training: {class_weight: balanced}");
        assertEquals(balanced.training(), parse(SpecLoader.toYaml(balanced)).training());
    }

    @Test
    void badClassWeightsAreOneLine() {
        assertMentions(error(CLASSIFY + "training: {class_weight: balance}"),
                "training.class_weight: 'balance' is not balanced, none or a mapping");
        assertMentions(error(CLASSIFY + "training: {class_weight: {yes: -2}}"),
                "training.class_weight.yes: -2.0 is not a finite number >= 0");
        assertMentions(error(CLASSIFY + "training: {class_weight: {yes: lots}}"),
                "training.class_weight.yes: 'lots' is not a number");
        assertMentions(error(CLASSIFY + "training: {class_weight: balanced, engine: averaging-dl4j-fit}"),
                "training.class_weight needs training.engine averaging");
        assertMentions(error(SpecErrorsTest.MINIMAL.replace("}", ", task: regression}")
                        + "training: {class_weight: balanced}"),
                "training.class_weight: weights of classes do not fit data.task 'regression'");
    }

    @Test
    void plateauHasKerasDefaultsAndChecksItsMonitor() {
        ReduceLrSpec off = parse(CLASSIFY).training().reduceLrOnPlateau();
        assertFalse(off.enabled());
        ReduceLrSpec on = parse(CLASSIFY + "training: {reduce_lr_on_plateau: true}").training().reduceLrOnPlateau();
        assertEquals(new ReduceLrSpec(true, "val_loss", 0.1, 10, 1e-4, 0, 0.0, Mode.AUTO), on);
        JobSpec given = parse(CLASSIFY + "model: {metrics: [auc]}\ntraining: {reduce_lr_on_plateau: "
                + "{monitor: val_auc, factor: 0.5, patience: 2, cooldown: 1, min_lr: 0.0001}}");
        ReduceLrSpec r = given.training().reduceLrOnPlateau();
        assertTrue(r.enabled(), "a mapping enables it");
        assertFalse(r.minimize(), "auc is maximised");
        assertEquals(given.training(), parse(SpecLoader.toYaml(given)).training());
        assertMentions(error(CLASSIFY + "training: {reduce_lr_on_plateau: {factor: 1.5}}"),
                "training.reduce_lr_on_plateau.factor: 1.5 is not in (0, 1)");
        assertMentions(error(CLASSIFY + "training: {reduce_lr_on_plateau: {monitor: val_auc}}"),
                "training.reduce_lr_on_plateau.monitor: 'val_auc' is not a metric this run computes");
        assertMentions(error(CLASSIFY + "training: {reduce_lr_on_plateau: {patiense: 2}}"),
                "training.reduce_lr_on_plateau.patiense: unknown key (did you mean 'patience'?");
        assertMentions(error(CLASSIFY + "training: {validation_split: 0, early_stopping: false, "
                        + "reduce_lr_on_plateau: true}"),
                "training.reduce_lr_on_plateau.monitor: 'val_loss' needs training.validation_split > 0");
    }

    @Test
    void scheduleIsANameOrAMappingAndChecksItsRanges() {
        assertEquals(ScheduleSpec.Kind.COSINE, parse(CLASSIFY + "optimizer: {schedule: cosine}").optimizer().schedule().kind());
        JobSpec s = parse(CLASSIFY + "optimizer: {name: sgd, schedule: {name: step, decay_rate: 0.5, decay_epochs: 3,"
                + " warmup_epochs: 1}}");
        assertEquals(new ScheduleSpec(ScheduleSpec.Kind.STEP, 0.5, 3, 0, 1), s.optimizer().schedule());
        assertEquals(s.optimizer(), parse(SpecLoader.toYaml(s)).optimizer(), "spec.yaml reads back the same");
        assertMentions(error(CLASSIFY + "optimizer: {schedule: {name: linear}}"),
                "optimizer.schedule.name: 'linear' is not one of none, exponential, step, cosine");
        assertMentions(error(CLASSIFY + "optimizer: {schedule: {name: exponential, decay_rate: 2}}"),
                "optimizer.schedule.decay_rate: 2.0 is not in (0, 1]");
        assertMentions(error(CLASSIFY + "optimizer: {schedule: {name: cosine, decay_epochs: 0}}"),
                "optimizer.schedule.decay_epochs");
        assertMentions(error(CLASSIFY + "optimizer: {schedule: cosine}\ntraining: {engine: dl4j-paramavg}"),
                "optimizer.schedule: 'cosine' needs training.engine averaging or averaging-dl4j-fit");
    }
}
