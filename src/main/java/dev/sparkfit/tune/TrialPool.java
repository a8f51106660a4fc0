package dev.sparkfit.tune;

import org.apache.spark.SparkContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains trials one after the other, or {@code parallelism} at a time from driver threads, as
 * {@code cv.parallelism} trains folds: each trial's Spark jobs run in its own scheduler pool
 * ({@code trial-N}) and job group, so with {@code spark.scheduler.mode=FAIR} the trials share the
 * executors. Trials start in the order given (asha's rung decisions rely on it). A trial that throws
 * cancels the others' jobs and fails the search.
 */
public final class TrialPool {

    /** Trains trial {@code number}. */
    @FunctionalInterface
    public interface Work {
        void train(int number) throws Exception;
    }

    private final SparkContext sc;
    private final int parallelism;

    public TrialPool(SparkContext sc, int parallelism) {
        this.sc = sc;
        this.parallelism = parallelism;
    }

    /** Runs {@code work} for each of {@code numbers}, in that order of start. */
    public void runAll(List<Integer> numbers, Work work) throws Exception {
        int threads = Math.max(1, Math.min(parallelism, numbers.size()));
        if (threads == 1) {
            for (int n : numbers) {
                inPool(n, work);
            }
            return;
        }
        // A single queue in submission order: a thread takes the next trial only when it is free.
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sparkfit-tune");
            t.setDaemon(true);
            return t;
        });
        ExecutorCompletionService<Integer> done = new ExecutorCompletionService<>(pool);
        List<Future<Integer>> futures = new ArrayList<>();
        try {
            for (int n : numbers) {
                futures.add(done.submit(() -> {
                    inPool(n, work);
                    return n;
                }));
            }
            for (int i = 0; i < numbers.size(); i++) {
                done.take().get(); // in completion order: the first failure ends the wait
            }
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            numbers.forEach(n -> sc.cancelJobGroup(group(n)));
            Throwable cause = e.getCause();
            throw cause instanceof Exception ex ? ex : new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private void inPool(int n, Work work) throws Exception {
        // Local properties belong to the calling thread; they are reset so a pooled thread starts clean.
        sc.setLocalProperty("spark.scheduler.pool", "trial-" + n);
        sc.setJobGroup(group(n), "sparkfit tune trial " + n, false);
        try {
            work.train(n);
        } finally {
            sc.clearJobGroup();
            sc.setLocalProperty("spark.scheduler.pool", null);
        }
    }

    private static String group(int n) {
        return "sparkfit-tune-trial-" + n;
    }
}
