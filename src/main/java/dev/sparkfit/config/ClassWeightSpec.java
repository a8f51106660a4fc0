package dev.sparkfit.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code training.class_weight}: none, {@code balanced} (scikit-learn's n_samples / (n_classes * count of
 * the class), counted on the training rows) or a map from class label to weight (classes not named weigh 1,
 * as in Keras). Each training row's loss and gradient are multiplied by its class's weight; the minibatch
 * loss is still divided by the number of rows (Keras' rule), and validation metrics are unweighted.
 */
public record ClassWeightSpec(boolean balanced, Map<String, Double> weights) {

    public ClassWeightSpec {
        Check.required("training.class_weight", weights);
        Map<String, Double> copy = new LinkedHashMap<>();
        weights.forEach((k, v) -> {
            if (v == null || !Double.isFinite(v) || v < 0) {
                throw new SpecException("training.class_weight." + k + ": " + v + " is not a finite number >= 0");
            }
            copy.put(k, v);
        });
        if (balanced && !copy.isEmpty()) {
            throw new IllegalArgumentException("balanced or a map, not both");
        }
        if (!copy.isEmpty() && copy.values().stream().allMatch(v -> v == 0)) {
            throw new SpecException("training.class_weight: every weight is 0 (at least one must be > 0)");
        }
        weights = Collections.unmodifiableMap(copy);
    }

    public static ClassWeightSpec none() {
        return new ClassWeightSpec(false, Map.of());
    }

    public static ClassWeightSpec balancedWeights() {
        return new ClassWeightSpec(true, Map.of());
    }

    /** True when some class weighs other than 1. */
    public boolean enabled() {
        return balanced || !weights.isEmpty();
    }
}
