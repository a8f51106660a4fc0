package dev.sparkfit.tuning;

import dev.sparkfit.config.CapacitySpec;
import dev.sparkfit.config.EarlyStoppingSpec;
import dev.sparkfit.config.Grow;
import dev.sparkfit.config.Mode;
import dev.sparkfit.train.EarlyStopping;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The seed's advice as a loop: start with a simple network, add capacity one step at a time, and
 * stop when the validation score no longer improves by more than {@code min_delta} for
 * {@code patience} steps (judged exactly as early stopping judges epochs), or when the next step
 * would pass {@code max_units} or {@code max_layers}. Scoring a step is the caller's business.
 */
public final class CapacitySearch {

    /** One scored architecture; {@code step} counts from 1. */
    public record Step(int step, List<Integer> hidden, double score) {
    }

    /** All steps in order, the best one, and why the search stopped. */
    public record Outcome(List<Step> steps, Step best, String reason) {
    }

    private final CapacitySpec spec;
    private final String metric;
    private final Mode mode;

    /** Steps judged by their best val_loss. */
    public CapacitySearch(CapacitySpec spec) {
        this(spec, "val_loss", Mode.MIN);
    }

    /** Steps judged by their best {@code metric} (e.g. val_auc), which improves as {@code mode} says. */
    public CapacitySearch(CapacitySpec spec, String metric, Mode mode) {
        this.spec = spec;
        this.metric = metric;
        this.mode = mode;
    }

    /** Scores architectures from {@code start} on until the search stops. */
    public Outcome run(ToDoubleFunction<List<Integer>> score) {
        EarlyStopping stopping = new EarlyStopping(new EarlyStoppingSpec(true, metric, spec.patience(),
                spec.minDelta(), mode, true));
        List<Step> steps = new ArrayList<>();
        List<Integer> hidden = spec.start();
        String reason;
        while (true) {
            Step s = new Step(steps.size() + 1, hidden, score.applyAsDouble(hidden));
            steps.add(s);
            if (stopping.update(s.step(), s.score()) instanceof EarlyStopping.Stop stop) {
                reason = "the best " + metric + " did not improve by more than " + spec.minDelta() + " for "
                        + spec.patience() + " step" + (spec.patience() == 1 ? "" : "s");
                break;
            }
            List<Integer> next = grow(hidden);
            if (next == null) {
                reason = "the next step would pass capacity.max_units " + spec.maxUnits()
                        + " or capacity.max_layers " + spec.maxLayers();
                break;
            }
            hidden = next;
        }
        return new Outcome(steps, steps.get(stopping.bestEpoch() - 1), reason);
    }

    /** The next architecture, or null when it would pass the limits. */
    public List<Integer> grow(List<Integer> hidden) {
        List<Integer> next = new ArrayList<>(hidden);
        if (spec.grow() == Grow.WIDTH || spec.grow() == Grow.BOTH) {
            next.replaceAll(u -> (int) Math.ceil(u * spec.factor()));
        }
        if (spec.grow() == Grow.DEPTH || spec.grow() == Grow.BOTH) {
            next.add(next.get(next.size() - 1));
        }
        boolean tooWide = next.stream().anyMatch(u -> u > spec.maxUnits());
        return tooWide || next.size() > spec.maxLayers() ? null : List.copyOf(next);
    }
}
