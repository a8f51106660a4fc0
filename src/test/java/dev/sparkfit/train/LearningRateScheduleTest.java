package dev.sparkfit.train;

import dev.sparkfit.config.Activation;
import dev.sparkfit.config.EarlyStoppingSpec;
import dev.sparkfit.config.Engine;
import dev.sparkfit.config.LayerSpec;
import dev.sparkfit.config.LossName;
import dev.sparkfit.config.LrScaling;
import dev.sparkfit.config.Mode;
import dev.sparkfit.config.ModelSpec;
import dev.sparkfit.config.OptimizerSpec;
import dev.sparkfit.config.OptimizerState;
import dev.sparkfit.config.OuterOptimizerSpec;
import dev.sparkfit.config.ReduceLrSpec;
import dev.sparkfit.config.ScheduleSpec;
import dev.sparkfit.config.Task;
import dev.sparkfit.config.TrainingSpec;
import dev.sparkfit.config.WeightInitName;
import dev.sparkfit.data.Block;
import dev.sparkfit.eval.MetricSet;
import dev.sparkfit.model.Head;
import dev.sparkfit.model.NetworkFactory;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** optimizer.schedule and reduce_lr_on_plateau: the formulas, Keras' plateau rules, and the rate in the history. */
class LearningRateScheduleTest {

    private static final Head HEAD = new Head(Task.REGRESSION, 1, Activation.IDENTITY, LossName.MSE, List.of());

    @Test
    void schedulesFollowKerasFormulasInEpochs() {
        ScheduleSpec exp = new ScheduleSpec(ScheduleSpec.Kind.EXPONENTIAL, 0.5, 2, 0, 0);
        assertEquals(1.0, exp.factor(0), 1e-12);
        assertEquals(Math.pow(0.5, 0.75), exp.factor(1.5), 1e-12);
        ScheduleSpec step = new ScheduleSpec(ScheduleSpec.Kind.STEP, 0.5, 2, 0, 0);
        assertEquals(1.0, step.factor(1.99), 1e-12);
        assertEquals(0.25, step.factor(4.0), 1e-12);
        ScheduleSpec cos = new ScheduleSpec(ScheduleSpec.Kind.COSINE, 1, 10, 0.1, 0);
        assertEquals(1.0, cos.factor(0), 1e-12);
        assertEquals(0.55, cos.factor(5), 1e-12);
        assertEquals(0.1, cos.factor(10), 1e-12);
        assertEquals(0.1, cos.factor(30), 1e-12);
        ScheduleSpec warm = new ScheduleSpec(ScheduleSpec.Kind.COSINE, 1, 10, 0, 2);
        assertEquals(0.5, warm.factor(1), 1e-12, "half way up the warm-up");
        assertEquals(1.0, warm.factor(2), 1e-12, "the decay starts after it");
        // 4 minibatches per epoch, rate 0.1: iteration 3 is the last of the first epoch.
        ScheduledRate r = new ScheduledRate(0.1, step, 4, 1.0);
        assertEquals(0.1, r.valueAt(7, 1), 1e-12);
        assertEquals(0.05, r.valueAt(8, 2), 1e-12);
        assertEquals(0.025, r.withPlateauFactor(0.5).valueAt(8, 2), 1e-12);
        ScheduledRate w = new ScheduledRate(0.1, warm, 4, 1.0);
        assertEquals(0.1 / 8, w.valueAt(0, 0), 1e-12, "the first warm-up step is not 0");
        // The worker-count scaling goes on top of the schedule.
        assertEquals(0.2, new LearningRate(r, 4.0, 0, 0).valueAt(8, 2), 1e-12);
    }

    @Test
    void plateauFollowsKerasPatienceCooldownAndMinLr() {
        // min_delta 1000: no epoch after the first counts as an improvement.
        PlateauReduction p = new PlateauReduction(new ReduceLrSpec(true, "loss", 0.5, 1, 1000, 2, 0.02, Mode.AUTO), 0.1);
        double[] factors = new double[8];
        for (int e = 0; e < factors.length; e++) {
            factors[e] = p.update(1.0 - e * 0.01);
        }
        // epoch 1 is the best; epoch 2 waits 1 = patience: x0.5; cooldown 2 keeps epoch 3 from counting,
        // epoch 4 waits 1: x0.5 again (rate 0.025); epoch 6 would go below min_lr 0.02: clamped to it, then stays.
        assertEquals(List.of(1.0, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2, 0.2), boxed(factors));
        PlateauReduction again = new PlateauReduction(new ReduceLrSpec(true, "loss", 0.5, 1, 1000, 2, 0.02, Mode.AUTO), 0.1);
        PlateauReduction first = new PlateauReduction(new ReduceLrSpec(true, "loss", 0.5, 1, 1000, 2, 0.02, Mode.AUTO), 0.1);
        for (int e = 0; e < 3; e++) {
            first.update(1.0 - e * 0.01);
        }
        again.restore(first.state());
        for (int e = 3; e < 8; e++) {
            assertEquals(factors[e], again.update(1.0 - e * 0.01), 1e-15, "a restored state decides the same, epoch " + (e + 1));
        }
    }

    private static List<Double> boxed(double[] v) {
        List<Double> out = new ArrayList<>();
        for (double x : v) {
            out.add(Math.round(x * 1e12) / 1e12);
        }
        return out;
    }

    /** Real Spark and DL4J: the history's learning_rate halves after patience epochs without improvement. */
    @Test
    void plateauLowersTheRateInTheHistoryAfterPatienceEpochs() throws Exception {
        List<Block> blocks = AveragingEngineTest.irisBlocks(40, 24);
        JavaRDD<Block> rdd = TestSpark.jsc().parallelize(blocks, 2);
        ReduceLrSpec plateau = new ReduceLrSpec(true, "loss", 0.5, 2, 1000, 0, 0.0, Mode.AUTO);
        TrainingSpec t = new TrainingSpec(6, 8, 2, 0, 11, 0.0, Engine.AVERAGING,
                new EarlyStoppingSpec(false, "loss", 0, 0.0, Mode.AUTO, false), false, OuterOptimizerSpec.none(),
                LrScaling.NONE, 0.0, OptimizerState.AVERAGE, dev.sparkfit.config.ClassWeightSpec.none(), plateau);
        ModelSpec model = new ModelSpec(List.of(new LayerSpec(6, Activation.TANH)), Optional.empty(),
                LossName.MSE, WeightInitName.AUTO, 0.0, 0.0);
        var conf = NetworkFactory.build(model, OptimizerSpec.defaults(), HEAD, 3, 11);
        List<String> lines = new ArrayList<>();
        TrainResult r = new AveragingTrainer(new TrainingContext(TestSpark.jsc(), t, HEAD, conf, null,
                RunControl.of(lines::add), MetricSet.defaults(HEAD), null, ScheduleSpec.none())).fit(rdd, null);
        double[] lr = r.history().series(EpochLoop.LEARNING_RATE);
        // Epoch 1 is the best; epochs 2 and 3 do not improve: from epoch 4 the rate is halved; 4 and 5 again.
        double a = 0.001;
        assertEquals(List.of(a, a, a, a / 2, a / 2, a / 4), boxed(lr), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("reduce_lr_on_plateau: loss did not improve for 2 epochs")),
                String.join("\n", lines));
    }
}
