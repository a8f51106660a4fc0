package dev.sparkfit.model;

import dev.sparkfit.config.Activation;
import dev.sparkfit.config.LayerSpec;
import dev.sparkfit.config.LossName;
import dev.sparkfit.config.ModelSpec;
import dev.sparkfit.config.OptimizerName;
import dev.sparkfit.config.OptimizerSpec;
import dev.sparkfit.config.SpecException;
import dev.sparkfit.config.Task;
import dev.sparkfit.config.WeightInitName;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spec's Keras vocabulary maps onto the DL4J network a Keras user would expect. */
class NetworkFactoryTest {

    private static ModelSpec model(List<LayerSpec> hidden, LossName loss, double l2, double dropout) {
        return new ModelSpec(hidden, Optional.empty(), loss, WeightInitName.AUTO, l2, dropout);
    }

    @Test
    void autoResolvesToKerasDefaultsPerTask() {
        ModelSpec m = ModelSpec.defaults();
        Head reg = NetworkFactory.resolveHead(m, Task.REGRESSION, List.of());
        assertEquals(new Head(Task.REGRESSION, 1, Activation.IDENTITY, LossName.MSE, List.of()), reg);
        Head cls = NetworkFactory.resolveHead(m, Task.CLASSIFICATION, List.of("a", "b", "c"));
        assertEquals(3, cls.nOut());
        assertEquals(Activation.SOFTMAX, cls.activation());
        assertEquals(LossName.CATEGORICAL_CROSSENTROPY, cls.loss());
        Head bin = NetworkFactory.resolveHead(model(List.of(), LossName.BINARY_CROSSENTROPY, 0, 0),
                Task.CLASSIFICATION, List.of("no", "yes"));
        assertTrue(bin.singleSigmoid());
        assertEquals(Activation.SIGMOID, bin.activation());
    }

    @Test
    void lossesThatDoNotFitTheTaskAreRefusedWithTheFix() {
        SpecException e = assertThrows(SpecException.class, () -> NetworkFactory.resolveHead(
                model(List.of(), LossName.MSE, 0, 0), Task.CLASSIFICATION, List.of("a", "b")));
        assertTrue(e.getMessage().contains("model.loss: 'mse' does not fit the task 'classification'"), e.getMessage());
        SpecException three = assertThrows(SpecException.class, () -> NetworkFactory.resolveHead(
                model(List.of(), LossName.BINARY_CROSSENTROPY, 0, 0), Task.CLASSIFICATION, List.of("a", "b", "c")));
        assertTrue(three.getMessage().contains("needs exactly 2 classes, found 3"), three.getMessage());
    }

    @Test
    void theSeedsFirstKerasModelHasTheRightShapeAndParameterCount() {
        // Dense(100, relu) x 2 then Dense(1) on 30 inputs: 30*100+100 + 100*100+100 + 100*1+1 = 13,301
        ModelSpec m = model(List.of(new LayerSpec(100, Activation.RELU), new LayerSpec(100, Activation.RELU)),
                LossName.AUTO, 0.0, 0.0);
        Head head = NetworkFactory.resolveHead(m, Task.REGRESSION, List.of());
        MultiLayerConfiguration conf = NetworkFactory.build(m, OptimizerSpec.defaults(), head, 30, 42);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertEquals(13_301, net.numParams());
        OutputLayer out = (OutputLayer) conf.getConf(2).getLayer();
        assertInstanceOf(LossMSE.class, out.getLossFn());
        assertInstanceOf(Adam.class, ((BaseLayer) conf.getConf(0).getLayer()).getIUpdater());
        assertEquals(0.001, ((Adam) ((BaseLayer) conf.getConf(0).getLayer()).getIUpdater()).getLearningRate(), 1e-12);
    }

    @Test
    void sameSeedSameInitialWeightsAndDropoutIsKerasRate() {
        ModelSpec m = model(List.of(new LayerSpec(8, Activation.TANH), new LayerSpec(4, Activation.RELU)),
                LossName.AUTO, 0.01, 0.25);
        Head head = NetworkFactory.resolveHead(m, Task.CLASSIFICATION, List.of("x", "y"));
        MultiLayerNetwork a = new MultiLayerNetwork(NetworkFactory.build(m, OptimizerSpec.defaults(), head, 5, 7));
        MultiLayerNetwork b = new MultiLayerNetwork(NetworkFactory.build(m, OptimizerSpec.defaults(), head, 5, 7));
        a.init();
        b.init();
        assertArrayEquals(a.params().toFloatVector(), b.params().toFloatVector(), 0f);
        MultiLayerConfiguration conf = a.getLayerWiseConfigurations();
        assertEquals(null, conf.getConf(0).getLayer().getIDropout(), "no dropout on the input layer");
        assertNotNull(conf.getConf(1).getLayer().getIDropout());
        // DL4J takes the retain probability: Keras' rate 0.25 -> keep 0.75
        assertTrue(conf.getConf(1).getLayer().getIDropout().toString().contains("0.75"),
                conf.getConf(1).getLayer().getIDropout().toString());
        assertInstanceOf(LossMCXENT.class, ((OutputLayer) conf.getConf(2).getLayer()).getLossFn());
    }

    @Test
    void sgdWithMomentumIsNesterov() {
        OptimizerSpec sgd = new OptimizerSpec(OptimizerName.SGD, 0.1, 0.9, 0.9, 0.999, 1e-7, 0.9);
        assertInstanceOf(Nesterovs.class, NetworkFactory.updater(sgd));
    }
}
