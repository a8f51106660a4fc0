package dev.sparkfit.config;

import java.util.List;

/**
 * How {@code sparkfit capacity} searches: start from {@code start} (hidden units per layer), grow by
 * {@code grow} (width: every layer's units times {@code factor}; depth: one more layer of the last
 * width; both: the two at once), and stop when the best val_loss has not improved by more than
 * {@code minDelta} for {@code patience} steps, or at {@code maxUnits} / {@code maxLayers}. With
 * {@code useCv} each step is judged by the mean val_loss of a k-fold cross-validation ({@code cv:}).
 */
public record CapacitySpec(Grow grow, double factor, List<Integer> start, int maxUnits, int maxLayers,
                           int patience, double minDelta, boolean useCv) {

    public CapacitySpec {
        Check.required("capacity.grow", grow);
        if (!(factor > 1.0)) {
            throw new SpecException("capacity.factor: " + factor + " is not > 1");
        }
        start = List.copyOf(start);
        if (start.isEmpty()) {
            throw new SpecException("capacity.start: [] needs at least one layer, e.g. [10]");
        }
        for (int i = 0; i < start.size(); i++) {
            Check.atLeast("capacity.start[" + i + "]", start.get(i), 1);
        }
        Check.atLeast("capacity.max_units", maxUnits, 1);
        Check.atLeast("capacity.max_layers", maxLayers, start.size());
        Check.atLeast("capacity.patience", patience, 1);
        Check.atLeast("capacity.min_delta", minDelta, 0.0);
    }

    /** Width doubling from one layer of 10 units, up to 1024 units and 6 layers, patience 1. */
    public static CapacitySpec defaults() {
        return new CapacitySpec(Grow.WIDTH, 2.0, List.of(10), 1024, 6, 1, 0.0, false);
    }
}
