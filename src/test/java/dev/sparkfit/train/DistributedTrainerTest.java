package dev.sparkfit.train;

import dev.sparkfit.config.Activation;
import dev.sparkfit.config.EarlyStoppingSpec;
import dev.sparkfit.config.Engine;
import dev.sparkfit.config.LayerSpec;
import dev.sparkfit.config.LossName;
import dev.sparkfit.config.Mode;
import dev.sparkfit.config.ModelSpec;
import dev.sparkfit.config.OptimizerSpec;
import dev.sparkfit.config.Task;
import dev.sparkfit.config.TrainingSpec;
import dev.sparkfit.config.WeightInitName;
import dev.sparkfit.model.Head;
import dev.sparkfit.model.NetworkFactory;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** {@link DistributedTrainer#of}: each engine the spec can name gets its trainer (no Spark job runs). */
class DistributedTrainerTest {

    private static final Head HEAD = new Head(Task.REGRESSION, 1, Activation.IDENTITY, LossName.MSE, List.of());

    private static DistributedTrainer of(Engine engine, List<String> lines) {
        MultiLayerConfiguration conf = NetworkFactory.build(new ModelSpec(List.of(new LayerSpec(4, Activation.TANH)),
                Optional.empty(), LossName.MSE, WeightInitName.AUTO, 0.0, 0.0), OptimizerSpec.defaults(), HEAD, 3, 7);
        TrainingSpec spec = new TrainingSpec(2, 8, 2, 0, 7, 0.0, engine,
                new EarlyStoppingSpec(false, "loss", 0, 0.0, Mode.AUTO, false));
        return DistributedTrainer.of(TrainingContext.of(null, spec, HEAD, conf, RunControl.of(lines::add)));
    }

    @Test
    void everyEngineHasItsTrainer() {
        List<String> lines = new ArrayList<>();
        assertInstanceOf(AveragingTrainer.class, of(Engine.AVERAGING, lines));
        assertEquals(List.of("worker step: fused dense step"), lines);

        lines.clear();
        assertInstanceOf(AveragingTrainer.class, of(Engine.AVERAGING_DL4J_FIT, lines));
        assertEquals(List.of("worker step: DL4J MultiLayerNetwork.fit (training.engine: averaging-dl4j-fit)"), lines);

        lines.clear();
        assertInstanceOf(Dl4jParamAvgTrainer.class, of(Engine.DL4J_PARAMAVG, lines));
        assertEquals(List.of(), lines);
    }
}
