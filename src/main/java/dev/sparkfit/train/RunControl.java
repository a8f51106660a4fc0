package dev.sparkfit.train;


import java.util.Map;
import java.util.function.Consumer;

/**
 * How a training run reports and persists itself: progress lines, the prefix of every Spark job
 * description ({@code train}, {@code cv fold 2/5}), a listener per epoch (events.jsonl), the
 * checkpoints to commit after every epoch and to resume from (null: none), and a listener for the
 * epochs whose blocks spilled to disk or were rebuilt ({@code onStorage}: the storage event's fields).
 */
public record RunControl(Consumer<String> console, String jobPrefix, Consumer<EpochStats> onEpoch,
                         Checkpoints checkpoints, Consumer<Map<String, Object>> onStorage) {

    /** Progress lines only: no checkpoints, no listener. */
    public static RunControl of(Consumer<String> console) {
        return new RunControl(console, "train", e -> { }, null, f -> { });
    }

    /**
     * Progress lines, the job-description prefix, checkpoints in {@code dir/checkpoints}, and each
     * epoch passed to {@code onEpoch} (events.jsonl): how train, cv folds and capacity steps run.
     */
    public static RunControl checkpointed(Consumer<String> console, String prefix, java.nio.file.Path dir,
                                          Consumer<EpochStats> onEpoch) {
        return new RunControl(console, prefix, onEpoch, new Checkpoints(dir.resolve("checkpoints")), f -> { });
    }

    public RunControl withListener(Consumer<EpochStats> listener) {
        return new RunControl(console, jobPrefix, listener, checkpoints, onStorage);
    }

    /** The same, with {@code listener} told of each epoch whose blocks spilled or were rebuilt. */
    public RunControl withStorageListener(Consumer<Map<String, Object>> listener) {
        return new RunControl(console, jobPrefix, onEpoch, checkpoints, listener);
    }

    /** A Spark job description, e.g. {@code train epoch 3/20, validation}. */
    String job(int epoch, int epochs, String what) {
        return jobPrefix + " epoch " + epoch + "/" + epochs + (what.isEmpty() ? "" : ", " + what);
    }
}
