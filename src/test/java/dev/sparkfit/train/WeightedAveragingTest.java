package dev.sparkfit.train;

import dev.sparkfit.config.Activation;
import dev.sparkfit.config.LayerSpec;
import dev.sparkfit.config.LossName;
import dev.sparkfit.config.ModelSpec;
import dev.sparkfit.config.OptimizerName;
import dev.sparkfit.config.OptimizerSpec;
import dev.sparkfit.config.Task;
import dev.sparkfit.config.WeightInitName;
import dev.sparkfit.data.Block;
import dev.sparkfit.model.Head;
import dev.sparkfit.model.LocalNetworks;
import dev.sparkfit.model.NetworkFactory;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Why averaging weighs workers by their row counts, not by their weights' sums, when rows carry sample
 * weights: with one plain-SGD step per worker, the row-count average of the workers' parameters is one
 * Keras step on the union of their minibatches (weighted row losses summed, divided by the row count),
 * while a weight-sum average counts the weights a second time.
 */
class WeightedAveragingTest {

    private static final Head HEAD = new Head(Task.REGRESSION, 1, Activation.IDENTITY, LossName.MSE, List.of());

    @Test
    void rowCountAveragingIsOneKerasStepOnTheUnionMinibatch() throws IOException {
        ModelSpec model = new ModelSpec(List.of(new LayerSpec(6, Activation.TANH)), Optional.empty(),
                LossName.MSE, WeightInitName.AUTO, 0.0, 0.0);
        OptimizerSpec sgd = new OptimizerSpec(OptimizerName.SGD, 0.05, 0.0, 0.9, 0.999, 1e-7, 0.9);
        MultiLayerConfiguration conf = NetworkFactory.build(model, sgd, HEAD, 3, 5);
        List<Block> plain = AveragingEngineTest.irisBlocks(12, 12);
        float[][] weights = new float[2][12];
        List<Block> blocks = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            for (int r = 0; r < 12; r++) {
                weights[p][r] = p == 0 ? 3f + r % 3 : 0.25f + 0.1f * (r % 4); // the first worker's rows weigh far more
            }
            Block b = plain.get(p);
            blocks.add(new Block(p, 12, 3, 1, b.x(), b.y(), weights[p]));
        }
        MultiLayerNetwork init = new MultiLayerNetwork(conf);
        init.init();
        float[] start = init.params().toFloatVector();
        Broadcast<ParamState> bc = TestSpark.jsc().broadcast(new ParamState(start, LocalNetworks.updaterState(init),
                0, 0, LearningRate.of(new org.nd4j.linalg.schedule.FixedSchedule(0.05))));
        // One minibatch of 12 rows per worker: one step each, then the engine's merge.
        List<WorkerResult> workers = TestSpark.jsc().parallelize(blocks, 2)
                .mapPartitions(new AveragingRound(bc, conf.toJson(), HEAD, true, 12, 0, Integer.MAX_VALUE, 5)).collect();
        float[] averaged = workers.get(0).merge(workers.get(1)).meanParams();

        FusedStep union = new FusedStep(MultiLayerConfiguration.fromJson(conf.toJson()), 24);
        union.load(start, LocalNetworks.updaterState(init));
        union.learningRate(new org.nd4j.linalg.schedule.FixedSchedule(0.05));
        float[] x = new float[24 * 3];
        float[] y = new float[24];
        float[] w = new float[24];
        for (int p = 0; p < 2; p++) {
            System.arraycopy(blocks.get(p).x(), 0, x, p * 36, 36);
            System.arraycopy(blocks.get(p).y(), 0, y, p * 12, 12);
            System.arraycopy(weights[p], 0, w, p * 12, 12);
        }
        union.fit(x, y, 24, 0, 0, new float[24], w);
        float[] keras = union.params();
        assertArrayEquals(keras, averaged, 1e-6f, "row-count averaging = one weighted step on all 24 rows");

        double w0 = 0, w1 = 0;
        for (int r = 0; r < 12; r++) {
            w0 += weights[0][r];
            w1 += weights[1][r];
        }
        double worst = 0;
        for (int i = 0; i < keras.length; i++) {
            double byWeight = (w0 * workers.get(0).params()[i] + w1 * workers.get(1).params()[i]) / (w0 + w1);
            worst = Math.max(worst, Math.abs(byWeight - keras[i]));
        }
        assertTrue(worst > 1e-3, "a weight-sum average is another step: off by " + worst);
    }
}
