package dev.sparkfit.job;

import dev.sparkfit.ml.SplitTraining;
import dev.sparkfit.config.TrainingSpec;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Trains the folds of a cross-validation one after the other, or {@code parallelism} at a time. Each
 * fold's Spark jobs run in its own scheduler pool ({@code fold-K}) and job group, set as local
 * properties of the thread that trains it; with {@code spark.scheduler.mode=FAIR} (set by
 * {@code sparkfit cv} when parallelism > 1) the pools share the executors fairly instead of the
 * first fold's jobs taking every core. A failed fold cancels the others' jobs and fails the run.
 */
final class FoldRunner {

    /** One fold's run: 1-based number of {@code of}, its training settings and rows. */
    record Fold(int number, int of, TrainingSpec training, SplitTraining.Rows rows) {

        String name() {
            return "fold " + number + "/" + of;
        }

        String pool() {
            return "fold-" + number;
        }

        String group() {
            return "sparkfit-cv-fold-" + number;
        }
    }

    /** Trains one fold and returns what the caller keeps of it. */
    @FunctionalInterface
    interface Work<T> {
        T train(Fold fold) throws Exception;
    }

    private final SparkContext sc;
    private final int parallelism;
    private final Consumer<String> console;

    FoldRunner(SparkSession spark, int parallelism, Consumer<String> console) {
        this.sc = spark.sparkContext();
        this.parallelism = parallelism;
        this.console = console;
    }

    /** Every fold's result, in fold order. */
    <T> List<T> runAll(List<Fold> folds, Work<T> work) throws IOException {
        int threads = Math.min(parallelism, folds.size());
        if (threads == 1) {
            List<T> out = new ArrayList<>();
            for (Fold f : folds) {
                out.add(inPool(f, work));
            }
            return out;
        }
        console.accept("training " + threads + " folds at a time");
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sparkfit-cv");
            t.setDaemon(true);
            return t;
        });
        ExecutorCompletionService<Integer> done = new ExecutorCompletionService<>(pool);
        List<Future<Integer>> futures = new ArrayList<>();
        List<T> out = new ArrayList<>(Collections.nCopies(folds.size(), null));
        // Each thread sets only its own slot; Future.get orders those writes before the reads below.
        try {
            for (int i = 0; i < folds.size(); i++) {
                int index = i;
                futures.add(done.submit(() -> {
                    out.set(index, inPool(folds.get(index), work));
                    return index;
                }));
            }
            for (int i = 0; i < folds.size(); i++) {
                done.take().get(); // in completion order: the first failure ends the wait
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training folds", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            folds.forEach(f -> sc.cancelJobGroup(f.group()));
            throw rethrow(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private <T> T inPool(Fold f, Work<T> work) throws IOException {
        // Local properties belong to the calling thread; they are reset so a pooled thread starts clean.
        sc.setLocalProperty("spark.scheduler.pool", f.pool());
        sc.setJobGroup(f.group(), "sparkfit cv " + f.name(), false);
        try {
            return work.train(f);
        } catch (RuntimeException | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(f.name() + ": " + e.getMessage(), e);
        } finally {
            sc.clearJobGroup();
            sc.setLocalProperty("spark.scheduler.pool", null);
        }
    }

    private static RuntimeException rethrow(Throwable cause) throws IOException {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof IOException io) {
            throw io;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(cause);
    }
}
