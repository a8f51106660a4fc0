package dev.sparkfit.model;

import dev.sparkfit.config.ModelSpec;
import dev.sparkfit.config.OptimizerSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Networks whose weights are given rather than drawn: the course's worked examples (weights per node,
 * no biases) and imported Keras models (a kernel and a bias per layer). The network itself is always
 * the one {@link NetworkFactory} builds from the spec, so a fixed network trains like any other.
 */
public final class FixedWeights {

    private FixedWeights() {
    }

    /**
     * The spec's network with the given weights and zero biases.
     *
     * @param nodeWeights per layer (hidden layers, then the output layer) and per node of that layer,
     *                    the weights of the connections into the node, one per input of the layer,
     *                    as the course writes them ({@code 'node_0': [3, 3]})
     */
    public static MultiLayerNetwork network(ModelSpec model, OptimizerSpec optimizer, Head head,
                                            double[][]... nodeWeights) {
        int layers = model.hidden().size() + 1;
        if (nodeWeights.length != layers || nodeWeights[0].length == 0) {
            throw new IllegalArgumentException("the spec has " + layers + " layers (hidden and output), "
                    + nodeWeights.length + " were given weights");
        }
        int nIn = nodeWeights[0][0].length;
        MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.build(model, optimizer, head, nIn, 0L));
        net.init();
        for (int l = 0; l < layers; l++) {
            double[][] nodes = nodeWeights[l];
            double[][] kernel = new double[nodes[0].length][nodes.length];
            for (int j = 0; j < nodes.length; j++) {
                for (int i = 0; i < nodes[j].length; i++) {
                    if (nodes[j].length != kernel.length) {
                        throw new IllegalArgumentException("layer " + l + ": node " + j + " has "
                                + nodes[j].length + " weights, node 0 has " + kernel.length);
                    }
                    kernel[i][j] = nodes[j][i];
                }
            }
            setLayer(net, l, kernel, new double[nodes.length]);
        }
        return net;
    }

    /**
     * Sets layer {@code layer}'s weights: {@code kernel[i][j]} connects input {@code i} to unit {@code j}
     * (Keras' Dense kernel layout, and DL4J's), {@code bias[j]} is unit {@code j}'s bias.
     */
    public static void setLayer(MultiLayerNetwork net, int layer, double[][] kernel, double[] bias) {
        INDArray w = net.getLayer(layer).getParam("W");
        INDArray b = net.getLayer(layer).getParam("b");
        long nIn = w.size(0);
        long nOut = w.size(1);
        if (kernel.length != nIn || kernel[0].length != nOut || bias.length != nOut) {
            throw new IllegalArgumentException("layer " + layer + " is " + nIn + " -> " + nOut + ", given a "
                    + kernel.length + " x " + kernel[0].length + " kernel and " + bias.length + " biases");
        }
        w.assign(Nd4j.create(kernel).castTo(DataType.FLOAT));
        b.assign(Nd4j.create(bias, new long[] {1, bias.length}, DataType.DOUBLE).castTo(DataType.FLOAT));
    }
}
