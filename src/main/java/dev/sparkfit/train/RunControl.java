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

    /**
     * Progress lines, the job-description prefix, checkpoints in {@code dir/checkpoints}, and each
     * epoch passed to {@code onEpoch} (events.jsonl): how train, cv folds and capacity steps run.
     */
    public static RunControl checkpointed(Consumer<String> console, String prefix, java.nio.file.Path dir,
                                          Consumer<EpochStats> onEpoch) {
        return new RunControl(console, prefix, onEpoch, new Checkpoints(dir.resolve("checkpoints")));
    }

    public RunControl withListener(Consumer<EpochStats> listener) {
        return new RunControl(console, jobPrefix, listener, checkpoints);
    }

    /** A Spark job description, e.g. {@code train epoch 3/20, validation}. */
    String job(int epoch, int epochs, String what) {
        return jobPrefix + " epoch " + epoch + "/" + epochs + (what.isEmpty() ? "" : ", " + what);
    }
}
