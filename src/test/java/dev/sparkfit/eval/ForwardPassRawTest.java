package dev.sparkfit.eval;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pass that also gives the output layer's pre-activation values leaves the outputs bit for bit as
 * {@link Scorer#output} (what {@code sparkfit predict} writes) gives them, and its {@code z} is the
 * output layer's input to its activation: softmax(z) and sigmoid(z) give the outputs back.
 */
class ForwardPassRawTest {

    private static MultiLayerNetwork net(int nOut, Activation out, LossFunctions.LossFunction loss, int hidden) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(3).list();
        int in = 5;
        for (int i = 0; i < hidden; i++) {
            b.layer(new DenseLayer.Builder().nIn(in).nOut(7).activation(Activation.TANH).build());
            in = 7;
        }
        MultiLayerNetwork n = new MultiLayerNetwork(b.layer(new OutputLayer.Builder(loss).nIn(in).nOut(nOut)
                .activation(out).build()).build());
        n.init();
        return n;
    }

    private static float[] rows(int n) {
        Random r = new Random(11);
        float[] x = new float[n * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 3);
        }
        return x;
    }

    @Test
    void softmaxOutputsAreScorersAndZIsTheLogits() {
        for (int hidden : new int[] {0, 1, 2}) {
            MultiLayerNetwork net = net(3, Activation.SOFTMAX, LossFunctions.LossFunction.MCXENT, hidden);
            float[] x = rows(1500);
            ForwardPass.Outputs o = ForwardPass.outputs(net, x, 1500, 5);
            assertArrayEquals(Scorer.output(net, x, 1500, 5), o.y(), "hidden layers: " + hidden);
            assertEquals(4500, o.z().length);
            for (int r = 0; r < 1500; r++) {
                double max = Math.max(o.z()[3 * r], Math.max(o.z()[3 * r + 1], o.z()[3 * r + 2]));
                double sum = 0;
                for (int c = 0; c < 3; c++) {
                    sum += Math.exp(o.z()[3 * r + c] - max);
                }
                for (int c = 0; c < 3; c++) {
                    assertEquals(o.y()[3 * r + c], Math.exp(o.z()[3 * r + c] - max) / sum, 1e-6, "row " + r);
                }
            }
        }
    }

    @Test
    void sigmoidOutputsAreScorersAndZIsTheLogOdds() {
        MultiLayerNetwork net = net(1, Activation.SIGMOID, LossFunctions.LossFunction.XENT, 1);
        float[] x = rows(300);
        ForwardPass.Outputs o = ForwardPass.outputs(net, x, 300, 5);
        assertArrayEquals(Scorer.output(net, x, 300, 5), o.y());
        for (int r = 0; r < 300; r++) {
            assertEquals(o.y()[r], 1 / (1 + Math.exp(-o.z()[r])), 1e-6, "row " + r);
        }
        assertTrue(Arrays.equals(o.y(), ForwardPass.outputs(net, x, 300, 5).y()), "the same outputs again");
    }
}
