package dev.sparkfit.train;

import dev.sparkfit.config.Activation;
import dev.sparkfit.config.EarlyStoppingSpec;
import dev.sparkfit.config.Engine;
import dev.sparkfit.config.LayerSpec;
import dev.sparkfit.config.LossName;
import dev.sparkfit.config.LrScaling;
import dev.sparkfit.config.Mode;
import dev.sparkfit.config.OptimizerState;
import dev.sparkfit.config.OuterOptimizerName;
import dev.sparkfit.config.OuterOptimizerSpec;
import dev.sparkfit.config.ModelSpec;
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
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distributed engine against a computation by hand: real Spark local[2], real DL4J, the iris
 * measurements (petal width regressed on the other three).
 */
class AveragingEngineTest {

    private static final long SEED = 11;
    private static final Head HEAD = new Head(Task.REGRESSION, 1, Activation.IDENTITY, LossName.MSE, List.of());

    private static MultiLayerConfiguration conf() {
        ModelSpec model = new ModelSpec(List.of(new LayerSpec(6, Activation.TANH)), Optional.empty(),
                LossName.MSE, WeightInitName.AUTO, 0.0, 0.0);
        return NetworkFactory.build(model, OptimizerSpec.defaults(), HEAD, 3, SEED);
    }

    private static TrainingSpec training(int epochs, int batch, int every) {
        return training(epochs, batch, every, Engine.AVERAGING);
    }

    /** Plain averaging, as computed by hand below: no outer step, no learning-rate scaling. */
    private static TrainingSpec training(int epochs, int batch, int every, Engine engine) {
        return new TrainingSpec(epochs, batch, 2, every, SEED, 0.0, engine,
                new EarlyStoppingSpec(false, "loss", 0, 0.0, Mode.AUTO, false))
                .withScaling(OuterOptimizerSpec.none(), LrScaling.NONE, 0.0, OptimizerState.AVERAGE);
    }

    private static TrainingSpec withOuter(TrainingSpec t, OuterOptimizerName name, double lr, double momentum) {
        return t.withScaling(new OuterOptimizerSpec(name, lr, momentum), t.learningRateScaling(), t.warmupEpochs(),
                t.optimizerState());
    }

    private static TrainResult fit(JavaRDD<Block> rdd, TrainingSpec t) {
        return new AveragingTrainer(TrainingContext.of(TestSpark.jsc(), t, HEAD, conf(), RunControl.of(s -> { }))).fit(rdd, null);
    }

    /** Iris rows split into two blocks of the given sizes: 3 measurements in, petal width out. */
    static List<Block> irisBlocks(int first, int second) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("data-samples/iris.csv"));
        List<Block> blocks = new ArrayList<>();
        int offset = 1;
        int p = 0;
        for (int size : new int[] {first, second}) {
            float[] x = new float[size * 3];
            float[] y = new float[size];
            for (int r = 0; r < size; r++) {
                String[] f = lines.get(offset + r).split(",");
                for (int i = 0; i < 3; i++) {
                    x[r * 3 + i] = Float.parseFloat(f[i]) / 5f;
                }
                y[r] = Float.parseFloat(f[3]);
            }
            blocks.add(new Block(p++, size, 3, 1, x, y));
            offset += size;
        }
        return blocks;
    }

    /** What one worker does, written out plainly: SGD on its block's minibatches in the seeded order. */
    private static MultiLayerNetwork trainByHand(Block b, float[] params, float[] state, int batch) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf());
        net.init();
        LocalNetworks.load(net, params, state);
        int[] order = Seeds.permutation(b.rows(), Seeds.derive(SEED, "shuffle", 0, b.partition()));
        for (int start = 0; start < b.rows(); start += batch) {
            int n = Math.min(batch, b.rows() - start);
            float[] x = new float[n * 3];
            float[] y = new float[n];
            b.gather(order, start, start + n, x, y);
            net.fit(new DataSet(Nd4j.create(x, new long[] {n, 3}, 'c'), Nd4j.create(y, new long[] {n, 1}, 'c')));
        }
        return net;
    }

    @Test
    void oneEpochEqualsTheExampleWeightedAverageOfTwoWorkersComputedByHand() throws IOException {
        List<Block> blocks = irisBlocks(40, 24);
        JavaRDD<Block> rdd = TestSpark.jsc().parallelize(blocks, 2);
        TrainResult result = new AveragingTrainer(TrainingContext.of(TestSpark.jsc(), training(1, 8, 0), HEAD, conf(), RunControl.of(s -> { }))).fit(rdd, null);

        MultiLayerNetwork init = new MultiLayerNetwork(conf());
        init.init();
        float[] p0 = init.params().toFloatVector();
        float[] s0 = LocalNetworks.updaterState(init);
        MultiLayerNetwork a = trainByHand(blocks.get(0), p0, s0, 8);
        MultiLayerNetwork b = trainByHand(blocks.get(1), p0, s0, 8);
        float[] pa = a.params().toFloatVector();
        float[] pb = b.params().toFloatVector();
        float[] expected = new float[pa.length];
        for (int i = 0; i < pa.length; i++) {
            expected[i] = (float) ((40.0 * pa[i] + 24.0 * pb[i]) / 64.0);
        }
        assertArrayEquals(expected, result.params(), 1e-6f);
        float[] sa = LocalNetworks.updaterState(a);
        float[] sb = LocalNetworks.updaterState(b);
        assertEquals(sa.length, result.updaterState().length);
        assertTrue(sa.length > 0, "adam keeps state");
        for (int i = 0; i < sa.length; i++) {
            assertEquals((40.0 * sa[i] + 24.0 * sb[i]) / 64.0, result.updaterState()[i], 1e-6);
        }
        // and the averaged network differs from either worker's own
        assertTrue(Math.abs(expected[0] - pa[0]) > 0 || Math.abs(expected[0] - pb[0]) > 0);
    }

    @Test
    void averagingRoundsUseEveryRowOncePerEpochWithUnevenPartitions() throws IOException {
        List<Block> blocks = irisBlocks(15, 6); // batch 2: 8 and 3 minibatches
        JavaRDD<Block> rdd = TestSpark.jsc().parallelize(blocks, 2);
        MultiLayerNetwork init = new MultiLayerNetwork(conf());
        init.init();
        Broadcast<ParamState> bc = TestSpark.jsc().broadcast(
                new ParamState(init.params().toFloatVector(), LocalNetworks.updaterState(init), 0, 0,
                        LearningRate.of(new org.nd4j.linalg.schedule.FixedSchedule(0.001))));
        String json = conf().toJson();
        long[] perPartition = new long[2];
        int every = 3; // rounds of 3 minibatches: 8 -> 3 + 3 + 2, 3 -> 3 + 0 + 0
        for (int r = 0; r < 3; r++) {
            List<WorkerResult> results = rdd.mapPartitions(
                    new AveragingRound(bc, json, HEAD, true, 2, r * every, (r + 1) * every, SEED)).collect();
            for (int p = 0; p < 2; p++) {
                perPartition[p] += results.get(p).examples();
            }
        }
        assertArrayEquals(new long[] {15, 6}, perPartition);

        TrainResult result = new AveragingTrainer(TrainingContext.of(TestSpark.jsc(), training(2, 2, 3), HEAD, conf(), RunControl.of(s -> { }))).fit(rdd, null);
        assertEquals(2, result.epochsRun());
        assertTrue(Double.isFinite(result.history().epochs().get(1).value("loss")));
    }

    @Test
    void fusedStepAndDl4jFitTrainTheSameNetwork() throws IOException {
        JavaRDD<Block> rdd = TestSpark.jsc().parallelize(irisBlocks(30, 30), 2);
        List<String> fusedLines = new ArrayList<>();
        List<String> dl4jLines = new ArrayList<>();
        TrainResult fused = new AveragingTrainer(TrainingContext.of(TestSpark.jsc(), training(3, 4, 2), HEAD, conf(), RunControl.of(fusedLines::add)))
                .fit(rdd, null);
        TrainResult dl4j = new AveragingTrainer(TrainingContext.of(TestSpark.jsc(), training(3, 4, 2, Engine.AVERAGING_DL4J_FIT), HEAD, conf(),
                RunControl.of(dl4jLines::add))).fit(rdd, null);
        assertEquals("worker step: fused dense step", fusedLines.get(0));
        assertEquals("worker step: DL4J MultiLayerNetwork.fit (training.engine: averaging-dl4j-fit)", dl4jLines.get(0));
        assertArrayEquals(dl4j.params(), fused.params(), 1e-5f);
        assertArrayEquals(dl4j.updaterState(), fused.updaterState(), 1e-6f);
        for (int e = 0; e < 3; e++) { // the running mean loss is DL4J's score in both
            assertEquals(dl4j.history().epochs().get(e).value("loss"), fused.history().epochs().get(e).value("loss"), 1e-6);
        }
    }

    @Test
    void sameSeedSameDataSameResult() throws IOException {
        JavaRDD<Block> rdd = TestSpark.jsc().parallelize(irisBlocks(30, 30), 2);
        float[] first = new AveragingTrainer(TrainingContext.of(TestSpark.jsc(), training(3, 4, 2), HEAD, conf(), RunControl.of(s -> { }))).fit(rdd, null).params();
        float[] second = new AveragingTrainer(TrainingContext.of(TestSpark.jsc(), training(3, 4, 2), HEAD, conf(), RunControl.of(s -> { }))).fit(rdd, null).params();
        assertArrayEquals(first, second, 1e-7f);
    }

    @Test
    void withOneWorkerAnOuterStepOfLearningRateOneAndNoMomentumIsTodaysAveraging() throws IOException {
        JavaRDD<Block> one = TestSpark.jsc().parallelize(irisBlocks(40, 24).subList(0, 1), 1);
        TrainingSpec plain = training(3, 8, 2);
        float[] expected = fit(one, plain).params();
        for (OuterOptimizerName kind : new OuterOptimizerName[] {OuterOptimizerName.NESTEROV, OuterOptimizerName.MOMENTUM}) {
            TrainResult r = fit(one, withOuter(plain, kind, 1.0, 0.0));
            assertArrayEquals(expected, r.params(), 1e-6f, kind.key());
        }
    }

    @Test
    void anOuterNesterovStepMovesTheAverageAsItsRuleSays() throws IOException {
        // One round per epoch: after epoch 1 the momentum is the round's change g = mean - x0, and the
        // Nesterov step lands on x0 + lr (g + mu g). The mean is what plain averaging returns.
        JavaRDD<Block> rdd = TestSpark.jsc().parallelize(irisBlocks(40, 24), 2);
        MultiLayerNetwork init = new MultiLayerNetwork(conf());
        init.init();
        float[] x0 = init.params().toFloatVector();
        float[] mean = fit(rdd, training(1, 8, 0)).params();
        float[] outer = fit(rdd, withOuter(training(1, 8, 0), OuterOptimizerName.NESTEROV, 0.7, 0.9)).params();
        for (int i = 0; i < x0.length; i++) {
            assertEquals(x0[i] + 0.7 * 1.9 * (mean[i] - x0[i]), outer[i], 1e-6, "parameter " + i);
        }
    }

    @Test
    void fusedStepAndDl4jFitFollowTheSameScaledRateWithWarmUp() throws IOException {
        // Both worker steps must honour the broadcast learning rate: sqrt(2) x 0.001, warmed up over one epoch.
        JavaRDD<Block> rdd = TestSpark.jsc().parallelize(irisBlocks(30, 30), 2);
        TrainingSpec scaled = training(3, 4, 2).withScaling(OuterOptimizerSpec.none(), LrScaling.SQRT, 1.0,
                OptimizerState.AVERAGE);
        TrainResult fused = fit(rdd, scaled);
        TrainResult dl4j = new AveragingTrainer(TrainingContext.of(TestSpark.jsc(), scaled.withEngine(Engine.AVERAGING_DL4J_FIT),
                HEAD, conf(), RunControl.of(s -> { }))).fit(rdd, null);
        assertArrayEquals(dl4j.params(), fused.params(), 1e-5f);
        float[] unscaled = fit(rdd, training(3, 4, 2)).params();
        assertTrue(Math.abs(unscaled[0] - fused.params()[0]) > 1e-5, "the scaled rate changed training");
        // the history records the rate of each epoch's last step: warming up in epoch 1, then 0.001 x sqrt(2)
        assertEquals(0.001 * Math.sqrt(2), fused.history().epochs().get(2).value("learning_rate"), 1e-12);
        assertEquals(0.001 * Math.sqrt(2), fused.history().epochs().get(0).value("learning_rate"), 1e-12);
        assertEquals(0.001, fit(rdd, training(1, 4, 2)).history().epochs().get(0).value("learning_rate"), 1e-12);
    }

    @Test
    void aResetOptimizerStateRestartsAdamEveryRound() throws IOException {
        JavaRDD<Block> rdd = TestSpark.jsc().parallelize(irisBlocks(30, 30), 2);
        TrainingSpec reset = training(2, 4, 0).withScaling(OuterOptimizerSpec.none(), LrScaling.NONE, 0.0,
                OptimizerState.RESET);
        float[] averaged = fit(rdd, training(2, 4, 0)).params();
        TrainResult r = fit(rdd, reset);
        // Epoch 1 starts from zero moments either way; epoch 2 differs.
        assertArrayEquals(fit(rdd, training(1, 4, 0)).params(), fit(rdd, reset.withEpochs(1)).params(), 1e-7f);
        assertTrue(Math.abs(averaged[0] - r.params()[0]) > 1e-7, "epoch 2 restarted Adam");
    }
}
