package dev.sparkfit.artifact.export;

import dev.sparkfit.config.Activation;
import dev.sparkfit.config.SpecException;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * A network as exporters see it: dense layers, each {@code act(x W + b)} with DL4J's kernel layout
 * ({@code kernel[i][j]} joins input {@code i} to unit {@code j}). Dropout is a training-time setting and
 * does nothing at inference, so it is not part of this.
 */
public record DenseStack(List<Dense> layers) {

    /** One dense layer; {@code alpha} is the leaky relu slope or the elu scale (0 for other activations). */
    public record Dense(float[][] kernel, float[] bias, Activation activation, double alpha) {

        public int nIn() {
            return kernel.length;
        }

        public int nOut() {
            return bias.length;
        }
    }

    public DenseStack {
        layers = List.copyOf(layers);
    }

    /**
     * The network's layers, or a {@link SpecException} naming the first layer that is not a dense layer
     * with one of sparkfit's activations (what a model directory from elsewhere may hold).
     */
    public static DenseStack of(MultiLayerNetwork net, String format) {
        List<Dense> layers = new ArrayList<>();
        for (int l = 0; l < net.getnLayers(); l++) {
            org.deeplearning4j.nn.conf.layers.Layer conf = net.getLayerWiseConfigurations().getConf(l).getLayer();
            if (!(conf instanceof DenseLayer) && !(conf.getClass() == OutputLayer.class)) {
                throw new SpecException("--format " + format + ": layer " + l + " is a " + conf.getClass().getSimpleName()
                        + "; sparkfit exports networks of dense layers only (DenseLayer, OutputLayer)");
            }
            IActivation fn = ((BaseLayer) conf).getActivationFn();
            Activation act = activation(fn);
            if (act == null) {
                throw new SpecException("--format " + format + ": layer " + l + " has activation '" + fn
                        + "'; sparkfit exports "
                        + String.join(", ", java.util.Arrays.stream(Activation.values()).map(Activation::key).toList()));
            }
            double alpha = fn instanceof ActivationLReLU r ? r.getAlpha() : fn instanceof ActivationELU e ? e.getAlpha() : 0;
            Layer layer = net.getLayer(l);
            INDArray w = layer.getParam("W");
            INDArray b = layer.getParam("b"); // absent without a bias: zeros do the same
            layers.add(new Dense(w.toFloatMatrix(), b == null ? new float[(int) w.size(1)] : b.toFloatVector(), act, alpha));
        }
        return new DenseStack(layers);
    }

    private static Activation activation(IActivation fn) {
        if (fn instanceof ActivationReLU) {
            return fn.equals(new ActivationReLU()) ? Activation.RELU : null; // a capped or thresholded relu is not relu
        }
        return fn instanceof ActivationLReLU ? Activation.LEAKYRELU
                : fn instanceof ActivationELU ? Activation.ELU
                : fn instanceof ActivationTanH ? Activation.TANH
                : fn instanceof ActivationSigmoid ? Activation.SIGMOID
                : fn instanceof ActivationSoftmax ? Activation.SOFTMAX
                : fn instanceof ActivationIdentity ? Activation.IDENTITY : null;
    }

    public int nIn() {
        return layers.get(0).nIn();
    }

    public int nOut() {
        return layers.get(layers.size() - 1).nOut();
    }
}
