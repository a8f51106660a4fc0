package dev.sparkfit.model;

import dev.sparkfit.config.Activation;
import dev.sparkfit.config.LayerSpec;
import dev.sparkfit.config.LossName;
import dev.sparkfit.config.ModelSpec;
import dev.sparkfit.config.OptimizerName;
import dev.sparkfit.config.OptimizerSpec;
import dev.sparkfit.config.Task;
import dev.sparkfit.config.WeightInitName;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The course notes' worked examples, built through sparkfit's own network builder with the notes'
 * weights (and zero biases), checked against DL4J's forward pass and one SGD step. Every expected
 * number is worked out by hand in the comments.
 */
class WorkedExamplesTest {

    private static final double EXACT = 1e-6;

    /** A regression network with the given hidden layers, identity output and mse, as the notes use. */
    private static MultiLayerNetwork network(List<LayerSpec> hidden, OptimizerSpec optimizer, double[][]... weights) {
        ModelSpec model = new ModelSpec(hidden, Optional.empty(), LossName.MSE, WeightInitName.AUTO, 0.0, 0.0);
        Head head = NetworkFactory.resolveHead(model, Task.REGRESSION, List.of());
        return FixedWeights.network(model, optimizer, head, weights);
    }

    private static MultiLayerNetwork network(List<LayerSpec> hidden, double[][]... weights) {
        return network(hidden, OptimizerSpec.defaults(), weights);
    }

    private static INDArray row(double... values) {
        return Nd4j.create(new double[][] {values}).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
    }

    /** The activations of every layer after the input, as doubles. */
    private static double[][] layers(MultiLayerNetwork net, double... input) {
        List<INDArray> acts = net.feedForward(row(input), false);
        double[][] out = new double[acts.size() - 1][];
        for (int i = 1; i < acts.size(); i++) {
            out[i - 1] = acts.get(i).toDoubleVector();
        }
        return out;
    }

    @Test
    void forwardPropagationWithAndWithoutRelu() {
        double[][] hiddenWeights = {{3, 3}, {1, 5}};    // node_0, node_1
        double[][] outputWeights = {{2, -1}};           // output
        // node_0 = -1*3 + 2*3 = 3; node_1 = -1*1 + 2*5 = 9; output = 3*2 + 9*(-1) = -3.
        // Both hidden values are positive, so relu changes nothing and the output is -3 either way.
        // The notes print "# 1.23" under the relu version: that is not what their code computes (-3).
        for (Activation act : List.of(Activation.IDENTITY, Activation.RELU)) {
            MultiLayerNetwork net = network(List.of(new LayerSpec(2, act)), hiddenWeights, outputWeights);
            double[][] values = layers(net, -1, 2);
            assertArrayEquals(new double[] {3, 9}, values[0], EXACT, act.key());
            assertArrayEquals(new double[] {-3}, values[1], EXACT, act.key());
        }
    }

    @Test
    void deeperNetworkWithReluOnEveryHiddenNode() {
        MultiLayerNetwork net = network(List.of(new LayerSpec(2, Activation.RELU), new LayerSpec(2, Activation.RELU)),
                new double[][] {{2, 4}, {4, -5}},    // node_0_0, node_0_1
                new double[][] {{-1, 2}, {1, 2}},    // node_1_0, node_1_1
                new double[][] {{2, 7}});            // output
        double[][] values = layers(net, 3, 5);
        // node_0_0 = 3*2 + 5*4 = 26; node_0_1 = relu(3*4 + 5*(-5)) = relu(-13) = 0
        assertArrayEquals(new double[] {26, 0}, values[0], EXACT);
        // node_1_0 = relu(26*(-1) + 0*2) = relu(-26) = 0; node_1_1 = relu(26*1 + 0*2) = 26
        assertArrayEquals(new double[] {0, 26}, values[1], EXACT);
        // output = 0*2 + 26*7 = 182
        assertArrayEquals(new double[] {182}, values[2], EXACT);
    }

    @Test
    void changingOneWeightRemovesTheError() {
        List<LayerSpec> linear = List.of(new LayerSpec(2, Activation.IDENTITY));
        double target = 3;
        MultiLayerNetwork before = network(linear, new double[][] {{2, 1}, {1, 2}}, new double[][] {{1, 1}});
        // node_0 = 0*2 + 3*1 = 3; node_1 = 0*1 + 3*2 = 6; output = 3 + 6 = 9; error = 9 - 3 = 6
        assertEquals(6, layers(before, 0, 3)[1][0] - target, EXACT);
        MultiLayerNetwork after = network(linear, new double[][] {{2, 1}, {1, 0}}, new double[][] {{1, 1}});
        // node_1 = 0*1 + 3*0 = 0; output = 3 + 0 = 3; error = 0
        assertEquals(0, layers(after, 0, 3)[1][0] - target, EXACT);
    }

    /**
     * The slope example: input 3, weight 2, target 10. Prediction 3*2 = 6, error 6 - 10 = -4.
     *
     * <p>The loss is the squared error (6 - 10)^2 = 16; its slope with respect to the weight is
     * 2 * error * input = 2 * (-4) * 3 = -24. The leading 2 is the derivative of the square, not the
     * weight (which is also 2 here; the second case below, weight 3, tells them apart). The new weight
     * is 2 - 0.01 * (-24) = 2.24.
     *
     * <p>DL4J's convention, read in ND4J's source: {@code LossL2} is the sum of squared errors with
     * gradient {@code 2 * (prediction - target)}; {@code LossMSE} (what sparkfit's {@code mse} maps to)
     * is LossL2 divided by the number of outputs, score and gradient alike. Neither halves the square,
     * so with one output both give exactly the notes' slope, as Keras' mean_squared_error does. The
     * layer then averages over the minibatch (here one row).
     */
    @Test
    void oneSgdStepOnOneWeightMovesItAsTheNotesCompute() {
        OptimizerSpec sgd = new OptimizerSpec(OptimizerName.SGD, 0.01, 0.0, 0.9, 0.999, 1e-7, 0.9);
        // sparkfit's optimizer mapping: sgd without momentum is DL4J's plain Sgd
        assertInstanceOf(Sgd.class, NetworkFactory.updater(sgd));
        double[][] cases = {
            // weight, prediction 3w, slope 2*(3w - 10)*3, new weight w - 0.01*slope
            {2, 6, -24, 2.24},
            {3, 9, -6, 3.06},
        };
        for (double[] c : cases) {
            MultiLayerNetwork net = network(List.of(), sgd, new double[][] {{c[0]}});
            DataSet example = new DataSet(row(3), row(10));
            assertEquals(c[1], net.output(row(3)).getDouble(0), EXACT);
            net.setInput(example.getFeatures());
            net.setLabels(example.getLabels());
            net.computeGradientAndScore();
            assertEquals((c[1] - 10) * (c[1] - 10), net.score(), EXACT, "squared error");
            assertEquals(c[2], net.gradient().getGradientFor("0_W").getDouble(0), EXACT, "slope");
            net.fit(example);
            assertEquals(c[3], net.getLayer(0).getParam("W").getDouble(0), EXACT, "new weight");
        }
    }
}
