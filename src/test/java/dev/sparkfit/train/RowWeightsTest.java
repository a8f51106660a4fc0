package dev.sparkfit.train;

import dev.sparkfit.config.SpecException;
import dev.sparkfit.config.TrainingSpec;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A row's weight is its class's weight times its sample weight; a minibatch of ones takes the unweighted step. */
class RowWeightsTest {

    @Test
    void classWeightTimesSampleWeight() {
        float[] oneHot = {1, 0, 0, 0, 1, 0, 0, 0, 1}; // classes 0, 1, 2
        float[] out = new float[3];
        assertArrayEquals(new float[] {0.5f * 2f, 3f * 0f, 1f * 1.5f},
                RowWeights.of(new float[] {0.5f, 3f, 1f}, oneHot, 3, 3, new float[] {2f, 0f, 1.5f}, out));
        assertArrayEquals(new float[] {2f, 0f, 1.5f},
                RowWeights.of(null, oneHot, 3, 3, new float[] {2f, 0f, 1.5f}, out), "sample weights alone");
        assertArrayEquals(new float[] {0.5f, 3f, 1f},
                RowWeights.of(new float[] {0.5f, 3f, 1f}, oneHot, 3, 3, null, out), "class weights alone");
        float[] sigmoid = {1, 0};
        assertArrayEquals(new float[] {4f * 0.25f, 0.8f * 0.25f},
                RowWeights.of(new float[] {0.8f, 4f}, sigmoid, 2, 1, new float[] {0.25f, 0.25f}, new float[2]));
    }

    @Test
    void aMinibatchOfOnesIsUnweighted() {
        assertNull(RowWeights.of(null, new float[] {1, 0, 0, 1}, 2, 2, new float[] {1f, 1f}, new float[2]));
        assertNull(RowWeights.of(new float[] {1f, 2f}, new float[] {1, 0, 1, 0}, 2, 2, null, new float[2]),
                "only rows of a class weighing 1");
    }

    @Test
    void onlyTheFusedStepWeighsRows() {
        MultiLayerConfiguration dropout = new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).dropOut(0.5).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
        SpecException e = assertThrows(SpecException.class,
                () -> RowWeights.requireFusedStep("w", TrainingSpec.defaults(), dropout));
        assertEquals("data.weight needs the fused dense step of training.engine averaging, which does not do"
                + " dropout, weight noise or constraints in layer 0 (leave out data.weight, or dropout)", e.getMessage());
        RowWeights.requireFusedStep(null, TrainingSpec.defaults(), dropout); // no weight column: nothing to check
    }
}
