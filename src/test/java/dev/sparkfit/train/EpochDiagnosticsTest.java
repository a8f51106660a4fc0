package dev.sparkfit.train;

import dev.sparkfit.train.History;
import dev.sparkfit.config.Activation;
import dev.sparkfit.config.EarlyStoppingSpec;
import dev.sparkfit.config.Engine;
import dev.sparkfit.config.LayerSpec;
import dev.sparkfit.config.LossName;
import dev.sparkfit.config.Mode;
import dev.sparkfit.config.ModelSpec;
import dev.sparkfit.config.OptimizerSpec;
import dev.sparkfit.config.TrainingSpec;
import dev.sparkfit.config.WeightInitName;
import dev.sparkfit.data.Block;
import dev.sparkfit.eval.DiagnosticsTest;
import dev.sparkfit.model.NetworkFactory;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** training.diagnostics through the engine: history columns every epoch, a warning once, no effect on training. */
class EpochDiagnosticsTest {

    static MultiLayerConfiguration twoRelu(double firstBias) {
        ModelSpec m = new ModelSpec(List.of(new LayerSpec(16, Activation.RELU), new LayerSpec(8, Activation.RELU)),
                Optional.empty(), LossName.AUTO, WeightInitName.AUTO, 0.0, 0.0);
        MultiLayerConfiguration conf = NetworkFactory.build(m, OptimizerSpec.defaults(), DiagnosticsTest.HEAD, 8, 5);
        ((BaseLayer) conf.getConf(0).getLayer()).setBiasInit(firstBias);
        return conf;
    }

    static TrainingSpec training(boolean diagnostics) {
        return new TrainingSpec(3, 32, 2, 0, 5, 0.0, Engine.AVERAGING,
                new EarlyStoppingSpec(false, "loss", 0, 0.0, Mode.AUTO, false), diagnostics);
    }

    static TrainResult fit(MultiLayerConfiguration conf, boolean diagnostics, List<String> console) {
        JavaRDD<Block> blocks = TestSpark.jsc().parallelize(DiagnosticsTest.blocks(300, 8), 2).cache();
        try {
            return new AveragingTrainer(TrainingContext.of(TestSpark.jsc(), training(diagnostics), DiagnosticsTest.HEAD, conf, RunControl.of(console::add)))
                    .fit(blocks, null);
        } finally {
            blocks.unpersist(false);
        }
    }

    @Test
    void aDeadLayerIsInEveryEpochsHistoryAndWarnedAboutOnce() {
        List<String> console = new ArrayList<>();
        History h = fit(twoRelu(-100), true, console).history();
        assertArrayEquals(new double[] {1, 1, 1}, h.series("dead_frac_l1"), "nothing revives a dead layer");
        assertEquals(List.of("dead_frac_l1", "dead_frac_l2", "grad_norm_l1", "grad_norm_l2", "grad_norm_l3"),
                h.diagnosticKeys());
        List<String> warnings = console.stream().filter(l -> l.startsWith("warning: ")).toList();
        assertTrue(warnings.contains("warning: epoch 1: layer 1: 100% of units are dead (ReLU outputs 0 for every"
                + " row); try a lower learning_rate, leakyrelu, or he initialisation"), console.toString());
        assertEquals(1, warnings.stream().filter(w -> w.contains("layer 1: 100% of units are dead")).count(),
                "once, not every epoch: " + console);
        int progress = console.indexOf(console.stream().filter(l -> l.startsWith("epoch 1/3")).findFirst().orElseThrow());
        assertTrue(console.get(progress + 1).startsWith("warning: epoch 1: "), "warnings follow the progress line");
    }

    @Test
    void diagnosticsDoNotChangeTrainingAndOffMeansNoColumns() {
        List<String> console = new ArrayList<>();
        TrainResult on = fit(twoRelu(0), true, console);
        TrainResult off = fit(twoRelu(0), false, console);
        assertArrayEquals(on.params(), off.params(), 0f);
        assertArrayEquals(on.history().series("loss"), off.history().series("loss"), 0.0);
        assertEquals(List.of(), off.history().diagnosticKeys());
        assertTrue(on.history().series("dead_frac_l1")[2] < 0.5, on.history().epochs().toString());
        assertTrue(console.stream().noneMatch(l -> l.startsWith("warning: ")), console.toString());
    }
}
