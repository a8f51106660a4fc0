package dev.sparkfit.train;

import dev.sparkfit.train.EpochStats;
import dev.sparkfit.config.Activation;
import dev.sparkfit.config.EarlyStoppingSpec;
import dev.sparkfit.config.Engine;
import dev.sparkfit.config.LayerSpec;
import dev.sparkfit.config.LossName;
import dev.sparkfit.config.Mode;
import dev.sparkfit.config.ModelSpec;
import dev.sparkfit.config.OptimizerName;
import dev.sparkfit.config.OptimizerSpec;
import dev.sparkfit.config.Task;
import dev.sparkfit.config.TrainingSpec;
import dev.sparkfit.config.WeightInitName;
import dev.sparkfit.data.Block;
import dev.sparkfit.model.Head;
import dev.sparkfit.model.LocalNetworks;
import dev.sparkfit.model.NetworkFactory;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's own parameter averaging master on real Spark local[2], on the iris regression of AveragingEngineTest.
 * DL4J's Spark module runs on Spark 3.5 only (see SparkLine); on Spark 4 the engine is refused by the spec.
 */
@EnabledIf("dev.sparkfit.config.SparkLine#dl4jSparkAvailable")
class Dl4jParamAvgTrainerTest {

    private static final long SEED = 11;
    private static final int EPOCHS = 6;
    private static final Head HEAD = new Head(Task.REGRESSION, 1, Activation.IDENTITY, LossName.MSE, List.of());

    private static MultiLayerConfiguration conf() {
        return conf(OptimizerName.ADAM, 0.01);
    }

    private static MultiLayerConfiguration conf(OptimizerName optimizer, double learningRate) {
        ModelSpec model = new ModelSpec(List.of(new LayerSpec(6, Activation.TANH)), Optional.empty(),
                LossName.MSE, WeightInitName.AUTO, 0.0, 0.0);
        OptimizerSpec o = OptimizerSpec.of(optimizer);
        return NetworkFactory.build(model, new OptimizerSpec(o.name(), learningRate, o.momentum(), o.beta1(),
                o.beta2(), o.epsilon(), o.rho()), HEAD, 3, SEED);
    }

    private static TrainingSpec training(int epochs) {
        return new TrainingSpec(epochs, 8, 2, 0, SEED, 0.0, Engine.DL4J_PARAMAVG,
                new EarlyStoppingSpec(false, "loss", 0, 0.0, Mode.AUTO, false));
    }

    @Test
    void trainsEveryEpochWithFiniteDecreasingLoss() throws IOException {
        TrainingSpec spec = training(EPOCHS);
        JavaRDD<Block> train = TestSpark.jsc().parallelize(AveragingEngineTest.irisBlocks(75, 75), 2).cache();
        JavaRDD<Block> val = TestSpark.jsc().parallelize(AveragingEngineTest.irisBlocks(10, 10), 2);
        List<String> lines = new ArrayList<>();

        TrainResult result = new Dl4jParamAvgTrainer(TrainingContext.of(TestSpark.jsc(), spec, HEAD, conf(), RunControl.of(lines::add))).fit(train, val);

        assertEquals(EPOCHS, result.epochsRun());
        assertEquals(EPOCHS, result.history().size());
        assertEquals(EPOCHS, lines.size());
        for (EpochStats e : result.history().epochs()) {
            assertTrue(Double.isFinite(e.value("loss")), "epoch " + e.epoch() + " loss " + e.value("loss"));
            assertTrue(Double.isFinite(e.value("val_loss")), "epoch " + e.epoch() + " val_loss");
            assertTrue(Double.isFinite(e.value("mae")), "epoch " + e.epoch() + " mae");
        }
        double first = result.history().epochs().get(0).value("loss");
        double last = result.history().epochs().get(EPOCHS - 1).value("loss");
        assertTrue(last < first, "loss went from " + first + " to " + last);

        MultiLayerNetwork net = new MultiLayerNetwork(conf());
        net.init();
        assertEquals(net.numParams(), result.params().length);
        assertEquals(LocalNetworks.updaterState(net).length, result.updaterState().length, "adam state kept");
        assertTrue(result.finalValidation() != null);
    }

    @Test
    void onEvenBlocksItTrainsTheSameWeightsAsTheBuiltInEngine() throws IOException {
        // Same initial weights, same minibatches in the same order per worker, equal example counts
        // (so equal averaging weights) and DL4J leaves partitions of the right size alone: the two
        // engines must agree up to float rounding. This is what makes their timings comparable.
        TrainingSpec spec = training(2);
        JavaRDD<Block> train = TestSpark.jsc().parallelize(AveragingEngineTest.irisBlocks(40, 40), 2).cache();
        float[] theirs = new Dl4jParamAvgTrainer(TrainingContext.of(TestSpark.jsc(), spec, HEAD, conf(), RunControl.of(s -> { }))).fit(train, null).params();
        float[] ours = new AveragingTrainer(TrainingContext.of(TestSpark.jsc(), spec, HEAD, conf(), RunControl.of(s -> { }))).fit(train, null).params();
        assertArrayEquals(ours, theirs, 1e-5f);
    }

    @Test
    void aLossThatBlowsUpIsReportedAsDivergence() throws IOException {
        JavaRDD<Block> train = TestSpark.jsc().parallelize(AveragingEngineTest.irisBlocks(40, 40), 2);
        Dl4jParamAvgTrainer trainer = new Dl4jParamAvgTrainer(TrainingContext.of(TestSpark.jsc(), training(3), HEAD,
                conf(OptimizerName.SGD, 1e4), RunControl.of(s -> { })));
        DivergedException e = assertThrows(DivergedException.class, () -> trainer.fit(train, null));
        assertTrue(e.getMessage().contains("NaN or infinite"), e.getMessage());
    }

    @Test
    void minibatchesUseEveryRowOnceInBatchesOfTheConfiguredSize() throws IOException {
        List<Block> blocks = AveragingEngineTest.irisBlocks(15, 6);
        List<DataSet> batches = Dl4jParamAvgTrainer.minibatches(TestSpark.jsc().parallelize(blocks, 2), 4, SEED, 0)
                .collect();
        assertEquals(4 + 2, batches.size()); // 15 rows -> 4+4+4+3, 6 rows -> 4+2
        double xSum = 0;
        double ySum = 0;
        for (DataSet d : batches) {
            assertTrue(d.numExamples() <= 4);
            assertEquals(3, d.getFeatures().columns());
            assertEquals(1, d.getLabels().columns());
            xSum += d.getFeatures().sumNumber().doubleValue();
            ySum += d.getLabels().sumNumber().doubleValue();
        }
        double xExpected = 0;
        double yExpected = 0;
        for (Block b : blocks) {
            for (float v : b.x()) {
                xExpected += v;
            }
            for (float v : b.y()) {
                yExpected += v;
            }
        }
        assertEquals(xExpected, xSum, 1e-3);
        assertEquals(yExpected, ySum, 1e-4);
    }
}
