package dev.sparkfit.train;

import dev.sparkfit.config.Engine;
import dev.sparkfit.config.SpecException;
import dev.sparkfit.config.TrainingSpec;
import dev.sparkfit.eval.Scorer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

import java.util.Optional;

/**
 * Each training row's weight in the loss: its class's weight ({@code training.class_weight}) times its
 * sample weight ({@code data.weight}), as Keras multiplies {@code class_weight} into {@code sample_weight}.
 * The fused step divides the weighted sum by the minibatch size, not by the weights' sum (Keras' rule).
 */
public final class RowWeights {

    private RowWeights() {
    }

    /**
     * Fills {@code out[0..n)} with the weights of the minibatch's rows and returns it, or returns null when
     * every row weighs exactly 1, so that such a minibatch takes the unweighted step bit for bit.
     *
     * @param classWeights per class index, or null
     * @param y            the minibatch's labels, {@code width} per row (one-hot, or 0/1 for a single sigmoid)
     * @param sample       the rows' sample weights, or null
     */
    static float[] of(float[] classWeights, float[] y, int n, int width, float[] sample, float[] out) {
        boolean allOne = true;
        for (int r = 0; r < n; r++) {
            float c = classWeights == null ? 1f : Scorer.classWeight(classWeights, y, r, width);
            out[r] = sample == null ? c : c * sample[r];
            allOne &= out[r] == 1f;
        }
        return allOne ? null : out;
    }

    /** {@code data.weight} needs the fused dense step, as class weights do: a spec error otherwise. */
    public static void requireFusedStep(String weightColumn, TrainingSpec training, MultiLayerConfiguration conf) {
        if (weightColumn == null) {
            return;
        }
        Optional<String> unsupported = FusedCoverage.unsupported(conf);
        if (training.engine() != Engine.AVERAGING || unsupported.isPresent()) {
            throw new SpecException("data.weight needs the fused dense step of training.engine averaging, which "
                    + (training.engine() != Engine.AVERAGING ? "'" + training.engine().key() + "' does not use"
                    : "does not do " + unsupported.get()) + " (leave out data.weight, or dropout)");
        }
    }
}
