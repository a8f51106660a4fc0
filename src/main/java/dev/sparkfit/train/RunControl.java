package dev.sparkfit.train;

import dev.sparkfit.artifact.EpochStats;

import java.util.function.Consumer;

/**
 * How a training run reports and persists itself: progress lines, the prefix of every Spark job
 * description ({@code train}, {@code cv fold 2/5}), a listener per epoch (events.jsonl), and the
 * checkpoints to commit after every epoch and to resume from (null: none).
 */
public record RunControl(Consumer<String> console, String jobPrefix, Consumer<EpochStats> onEpoch,
                         Checkpoints checkpoints) {

    /** Progress lines only: no checkpoints, no listener. */
    public static RunControl of(Consumer<String> console) {
        return new RunControl(console, "train", e -> { }, null);
    }

    public RunControl withPrefix(String prefix) {
        return new RunControl(console, prefix, onEpoch, checkpoints);
    }

    public RunControl withCheckpoints(Checkpoints c) {
        return new RunControl(console, jobPrefix, onEpoch, c);
    }

    public RunControl withListener(Consumer<EpochStats> listener) {
        return new RunControl(console, jobPrefix, listener, checkpoints);
    }

    /** A Spark job description, e.g. {@code train epoch 3/20, validation}. */
    String job(int epoch, int epochs, String what) {
        return jobPrefix + " epoch " + epoch + "/" + epochs + (what.isEmpty() ? "" : ", " + what);
    }
}
