package dev.sparkfit.train;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each fused step against DL4J's own {@code MultiLayerNetwork.fit} from the same parameters. */
class FusedStepTest {

    private static MultiLayerConfiguration conf(IUpdater updater, double l2, Activation h1, Activation h2,
                                                Activation out, LossFunction loss, int nIn, int nOut) {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT).updater(updater).l2(l2).list()
                .layer(new DenseLayer.Builder().nIn(nIn).nOut(12).activation(h1).weightInit(WeightInit.XAVIER).build())
                .layer(new DenseLayer.Builder().nIn(12).nOut(8).activation(h2).weightInit(WeightInit.XAVIER).build())
                .layer(new OutputLayer.Builder(loss).nIn(8).nOut(nOut).activation(out).weightInit(WeightInit.XAVIER).build())
                .build();
    }

    /** Trains 3 epochs of 33 rows in minibatches of 16 (the last one a single row) both ways; compares every step. */
    private static void same(MultiLayerConfiguration conf, boolean oneHot) {
        same(conf, oneHot, null);
    }

    /**
     * As above, the fused step weighting each row by {@code classWeight} of its class, DL4J trained with
     * {@code reference} (its loss weighted per class column: the same thing for one-hot labels).
     */
    private static void same(MultiLayerConfiguration conf, boolean oneHot, float[] classWeight) {
        same(conf, conf, oneHot, classWeight);
    }

    private static void same(MultiLayerConfiguration conf, MultiLayerConfiguration reference, boolean oneHot,
                             float[] classWeight) {
        int rows = 33, batch = 16, nIn = (int) ((DenseLayer) conf.getConf(0).getLayer()).getNIn();
        int nOut = (int) ((OutputLayer) conf.getConf(2).getLayer()).getNOut();
        Random rnd = new Random(3);
        float[] x = new float[rows * nIn];
        float[] y = new float[rows * nOut];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < nOut; j++) {
                y[r * nOut + j] = oneHot ? (r % nOut == j ? 1f : 0f) : (float) (rnd.nextGaussian() * 0.5 + (nOut == 1 ? 0.5 : 0));
            }
        }
        assertTrue(FusedCoverage.unsupported(conf).isEmpty(), () -> FusedCoverage.unsupported(conf).get());
        MultiLayerNetwork net = new MultiLayerNetwork(reference.clone());
        net.init();
        FusedStep step = new FusedStep(conf, batch);
        step.load(net.params().toFloatVector(), net.getUpdater().getStateViewArray() == null ? null
                : net.getUpdater().getStateViewArray().toFloatVector());
        float[] out = new float[batch * nOut];
        int iteration = 0;
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int start = 0; start < rows; start += batch) {
                int n = Math.min(batch, rows - start);
                float[] xb = Arrays.copyOfRange(x, start * nIn, (start + n) * nIn);
                float[] yb = Arrays.copyOfRange(y, start * nOut, (start + n) * nOut);
                float[] expectedOut = net.output(Nd4j.create(xb, new long[] {n, nIn}, 'c')).ravel().toFloatVector();
                float[] rw = classWeight == null ? null : new float[n];
                for (int r = 0; rw != null && r < n; r++) {
                    rw[r] = nOut == 1 ? classWeight[Math.round(yb[r])] : classWeight[(start + r) % nOut];
                }
                net.fit(new DataSet(Nd4j.create(xb, new long[] {n, nIn}, 'c'), Nd4j.create(yb, new long[] {n, nOut}, 'c')));
                double score = step.fit(xb, yb, n, iteration++, epoch, out, rw);
                assertEquals(net.score(), score, 1e-5 * Math.max(1, Math.abs(score)), "score, step " + iteration);
                close(expectedOut, Arrays.copyOf(out, n * nOut), "outputs before step " + iteration);
                close(net.params().toFloatVector(), step.params(), "parameters after step " + iteration);
            }
            net.setEpochCount(epoch + 1);
        }
        if (net.getUpdater().getStateViewArray() != null) {
            close(net.getUpdater().getStateViewArray().toFloatVector(), step.updaterState(), "updater state");
        }
    }

    private static void close(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            float tol = 2e-5f * Math.max(1f, Math.abs(expected[i]));
            if (Math.abs(expected[i] - actual[i]) > tol) {
                throw new AssertionError(what + ": element " + i + " expected " + expected[i] + " got " + actual[i]);
            }
        }
    }

    @Test
    void reluSoftmaxCrossEntropyAdamMatchesDl4j() {
        same(conf(new Adam(0.01), 0, Activation.RELU, Activation.RELU, Activation.SOFTMAX, LossFunction.MCXENT, 6, 3), true);
    }

    @Test
    void tanhSigmoidBinaryCrossEntropySgdMatchesDl4j() {
        same(conf(new Sgd(0.1), 0, Activation.TANH, Activation.SIGMOID, Activation.SIGMOID, LossFunction.XENT, 5, 1), true);
    }

    @Test
    void eluLeakyReluMseNesterovsWithL2MatchesDl4j() {
        same(conf(new Nesterovs(0.01, 0.9), 0.01, Activation.ELU, Activation.LEAKYRELU, Activation.IDENTITY,
                LossFunction.MSE, 4, 2), false);
    }

    @Test
    void maeRmsPropAndAdaGradMatchDl4j() {
        same(conf(new RmsProp(0.01), 0, Activation.RELU, Activation.TANH, Activation.IDENTITY,
                LossFunction.MEAN_ABSOLUTE_ERROR, 4, 1), false);
        same(conf(new AdaGrad(0.05), 0.001, Activation.SIGMOID, Activation.RELU, Activation.SOFTMAX,
                LossFunction.MCXENT, 4, 4), true);
    }

    @Test
    void classWeightedRowsMatchDl4jsClassWeightedCrossEntropy() {
        float[] w = {0.5f, 2f, 3.5f};
        MultiLayerConfiguration plain = conf(new Adam(0.01), 0.001, Activation.RELU, Activation.RELU, Activation.SOFTMAX,
                LossFunction.MCXENT, 6, 3);
        MultiLayerConfiguration weighted = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new Adam(0.01)).l2(0.001).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(12).activation(Activation.RELU).weightInit(WeightInit.XAVIER).build())
                .layer(new DenseLayer.Builder().nIn(12).nOut(8).activation(Activation.RELU).weightInit(WeightInit.XAVIER).build())
                .layer(new OutputLayer.Builder(new org.nd4j.linalg.lossfunctions.impl.LossMCXENT(
                        Nd4j.create(new double[] {0.5, 2, 3.5}).castTo(DataType.FLOAT))).nIn(8).nOut(3)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .build();
        same(plain, weighted, true, w);
    }

    /**
     * Keras' rule for class weights: the minibatch loss is sum(weight * row loss) / rows, not divided by
     * the weights' sum; so weighting every row by 3 triples the loss and the SGD step.
     */
    @Test
    void weightedLossIsDividedByTheMinibatchSize() {
        weightedLossIsDividedByTheMinibatchSize(LossFunction.MCXENT, Activation.SOFTMAX, 2);
        weightedLossIsDividedByTheMinibatchSize(LossFunction.XENT, Activation.SIGMOID, 1);
    }

    private static void weightedLossIsDividedByTheMinibatchSize(LossFunction loss, Activation act, int nOut) {
        MultiLayerConfiguration c = conf(new Sgd(0.05), 0, Activation.RELU, Activation.TANH, act, loss, 4, nOut);
        MultiLayerNetwork net = new MultiLayerNetwork(c.clone());
        net.init();
        float[] start = net.params().toFloatVector();
        Random rnd = new Random(5);
        int n = 10;
        float[] x = new float[n * 4];
        float[] y = new float[n * nOut];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        float[] w = new float[n];
        for (int r = 0; r < n; r++) {
            if (nOut == 2) {
                y[r * 2 + r % 2] = 1f;
            } else {
                y[r] = r % 2;
            }
            w[r] = r % 2 == 0 ? 1f : 3f;
        }
        float[] out = new float[n * nOut];
        FusedStep plain = new FusedStep(c, n);
        plain.load(start, null);
        double unweighted = plain.fit(x, y, n, 0, 0, out, null);
        double expected = 0;
        for (int r = 0; r < n; r++) {
            expected += w[r] * dev.sparkfit.eval.Losses.row(nOut == 2 ? dev.sparkfit.config.LossName.CATEGORICAL_CROSSENTROPY
                    : dev.sparkfit.config.LossName.BINARY_CROSSENTROPY, out, y, r * nOut, nOut);
        }
        FusedStep weighted = new FusedStep(c, n);
        weighted.load(start, null);
        assertEquals(expected / n, weighted.fit(x, y, n, 0, 0, out, w), 1e-5, "sum(w * loss) / rows");
        FusedStep tripled = new FusedStep(c, n);
        tripled.load(start, null);
        float[] three = new float[n];
        Arrays.fill(three, 3f);
        assertEquals(3 * unweighted, tripled.fit(x, y, n, 0, 0, out, three), 1e-5);
        float[] p1 = plain.params(), p3 = tripled.params();
        for (int i = 0; i < start.length; i++) {
            assertEquals(3 * (p1[i] - start[i]), p3[i] - start[i], 1e-5, "an SGD step three times as long, param " + i);
        }
    }

    @Test
    void dropoutAndOtherLayersAreLeftToDl4j() {
        MultiLayerConfiguration dropout = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).build())
                .layer(new DenseLayer.Builder().nIn(4).nOut(4).dropOut(0.5).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(4).nOut(2).activation(Activation.SOFTMAX).build())
                .build();
        assertEquals("dropout, weight noise or constraints in layer 1", FusedCoverage.unsupported(dropout).orElseThrow());
        MultiLayerConfiguration softmaxMse = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(2).activation(Activation.SOFTMAX).build())
                .build();
        assertTrue(FusedCoverage.unsupported(softmaxMse).orElseThrow().startsWith("loss"));
    }
}
