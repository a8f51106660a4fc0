package dev.sparkfit.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One DL4J network per executor thread and configuration, kept between averaging rounds: building
 * and initialising a network costs far more than loading new parameters into it.
 */
public final class LocalNetworks {

    private static final int MAX_PER_THREAD = 4;

    private static final ThreadLocal<Map<String, MultiLayerNetwork>> NETWORKS =
            ThreadLocal.withInitial(() -> new LinkedHashMap<>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, MultiLayerNetwork> e) {
                    return size() > MAX_PER_THREAD;
                }
            });

    private LocalNetworks() {
    }

    /** This thread's network for {@code confJson}, with {@code params} (and state, if given) loaded. */
    public static MultiLayerNetwork get(String confJson, float[] params, float[] updaterState) {
        MultiLayerNetwork net = NETWORKS.get().computeIfAbsent(confJson, json -> {
            MultiLayerNetwork n = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
            n.init();
            return n;
        });
        load(net, params, updaterState);
        return net;
    }

    /** Copies flat parameters (and updater state, unless null or empty) into {@code net}. */
    public static void load(MultiLayerNetwork net, float[] params, float[] updaterState) {
        INDArray p = Nd4j.create(params, new long[] {1, params.length}, 'c');
        net.params().assign(p);
        p.close();
        if (updaterState != null && updaterState.length > 0) {
            INDArray s = Nd4j.create(updaterState, new long[] {1, updaterState.length}, 'c');
            net.getUpdater().getStateViewArray().assign(s);
            s.close();
        }
    }

    /** The flat updater state of {@code net}, or an empty array for updaters without state. */
    public static float[] updaterState(MultiLayerNetwork net) {
        INDArray s = net.getUpdater().getStateViewArray();
        return s == null ? new float[0] : s.toFloatVector();
    }
}
