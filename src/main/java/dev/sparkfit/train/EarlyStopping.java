package dev.sparkfit.train;

import dev.sparkfit.config.EarlyStoppingSpec;

/**
 * Keras' EarlyStopping as a value-returning state machine: {@code wait} counts epochs without an
 * improvement larger than {@code min_delta}; training stops when {@code wait >= patience}.
 */
public final class EarlyStopping {

    /** What to do after an epoch. */
    public sealed interface Decision permits Continue, Stop {
    }

    /** Go on; {@code improved} says whether this epoch is the new best. */
    public record Continue(boolean improved) implements Decision {
    }

    /** Stop now; the best epoch so far is {@code bestEpoch}. */
    public record Stop(String reason, int bestEpoch) implements Decision {
    }

    private final EarlyStoppingSpec spec;
    private final boolean minimize;
    private double best;
    private int bestEpoch;
    private int wait;

    public EarlyStopping(EarlyStoppingSpec spec) {
        this.spec = spec;
        this.minimize = spec.minimize();
        this.best = minimize ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** Records the monitored value of {@code epoch} (1-based) and decides. */
    public Decision update(int epoch, double value) {
        boolean improved = minimize ? value < best - spec.minDelta() : value > best + spec.minDelta();
        if (improved || bestEpoch == 0) {
            best = value;
            bestEpoch = epoch;
            wait = 0;
            return new Continue(true);
        }
        wait++;
        if (spec.enabled() && wait >= spec.patience()) {
            return new Stop(spec.monitor() + " did not improve by more than " + spec.minDelta() + " for "
                    + wait + " epoch" + (wait == 1 ? "" : "s") + " (best " + best + " at epoch " + bestEpoch + ")",
                    bestEpoch);
        }
        return new Continue(false);
    }

    /** What a checkpoint keeps of this state machine: the best value, its epoch and the epochs waited. */
    public record State(double best, int bestEpoch, int epochsWithoutImprovement) {
    }

    public State state() {
        return new State(best, bestEpoch, wait);
    }

    /** Continues from a checkpointed state (a resumed run decides exactly as the uninterrupted one). */
    public void restore(State s) {
        best = s.best();
        bestEpoch = s.bestEpoch();
        wait = s.epochsWithoutImprovement();
    }

    public int bestEpoch() {
        return bestEpoch;
    }

    public double best() {
        return best;
    }
}
