package dev.sparkfit.train;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.L2Regularization;

import java.util.Optional;

/**
 * Which DL4J networks {@link FusedStep} trains exactly as DL4J's {@code fit} would: dense layers with
 * biases and a {@link DenseMath} activation, an output layer whose loss pairs with its activation,
 * one updater for every parameter, at most l2 on the weights; no dropout, noise, constraints,
 * gradient normalization or input preprocessors. Anything else is left to DL4J's {@code fit}.
 */
final class FusedCoverage {

    private FusedCoverage() {
    }

    /** Why DL4J's {@code fit} must train this network instead, or empty if this class can. */
    static Optional<String> unsupported(MultiLayerConfiguration conf) {
        if (!conf.getInputPreProcessors().isEmpty()) {
            return Optional.of("input preprocessors");
        }
        IUpdater first = null;
        for (int l = 0; l < conf.getConfs().size(); l++) {
            Layer layer = conf.getConf(l).getLayer();
            boolean last = l == conf.getConfs().size() - 1;
            if (!(last ? layer.getClass() == OutputLayer.class : layer.getClass() == DenseLayer.class)) {
                return Optional.of("layer " + l + " is a " + layer.getClass().getSimpleName());
            }
            BaseLayer b = (BaseLayer) layer;
            if (b.getIDropout() != null || b.getWeightNoise() != null || b.getConstraints() != null
                    && !b.getConstraints().isEmpty()) {
                return Optional.of("dropout, weight noise or constraints in layer " + l);
            }
            if (layer instanceof DenseLayer dense && (!dense.hasBias() || dense.hasLayerNorm())) {
                return Optional.of("layer " + l + " without bias or with layer norm");
            }
            if (b.getGradientNormalization() != null && b.getGradientNormalization() != GradientNormalization.None) {
                return Optional.of("gradient normalization");
            }
            if (!b.getRegularizationBias().isEmpty() || b.getRegularization().stream()
                    .anyMatch(r -> !(r instanceof L2Regularization))) {
                return Optional.of("regularization other than l2 on weights");
            }
            DenseMath.Fn f = DenseMath.fn(b.getActivationFn());
            if (f == null || f.kind() == DenseMath.Kind.SOFTMAX && !last) {
                return Optional.of("activation " + b.getActivationFn() + " in layer " + l);
            }
            first = first == null ? b.getIUpdater() : first;
            if (!first.equals(b.getIUpdater()) || b.getBiasUpdater() != null && !first.equals(b.getBiasUpdater())) {
                return Optional.of("different updaters per layer");
            }
            if (last) {
                DenseMath.Loss lf = DenseMath.loss(((OutputLayer) layer).getLossFn());
                boolean pairs = lf != null && (lf == DenseMath.Loss.MCXENT) == (f.kind() == DenseMath.Kind.SOFTMAX);
                if (!pairs) {
                    return Optional.of("loss " + ((OutputLayer) layer).getLossFn() + " with " + b.getActivationFn());
                }
            }
        }
        return Optional.empty();
    }
}
