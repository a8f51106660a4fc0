package dev.sparkfit.tune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Asynchronous successive halving (Li et al. 2018, "A System for Massively Parallel Hyperparameter
 * Tuning"), in its stopping form as Ray Tune's ASHA scheduler has it: every trial trains from its
 * first epoch; at each rung (min_epochs x reduction_factor^k epochs) it records its metric and goes on
 * only if that is at least as good as the (1 - 1/rf) quantile of the values already recorded at the rung
 * (the first trial there always goes on). Unlike Ray, "already recorded" means "recorded by the trials
 * numbered before it": a trial waits at a rung until every earlier trial has passed it or ended, so the
 * decisions, and the search's results, are the same whatever the parallelism and the timing, and are
 * the decisions of the same trials run one after the other.
 */
public final class Asha {

    private final List<Integer> rungs;
    private final int reductionFactor;
    private final boolean minimize;
    private final Map<Integer, TreeMap<Integer, Double>> recorded = new HashMap<>(); // rung -> trial -> value
    private final boolean[] ended; // 1-based trial numbers

    public Asha(List<Integer> rungs, int reductionFactor, boolean minimize, int trials) {
        this.rungs = List.copyOf(rungs);
        this.reductionFactor = reductionFactor;
        this.minimize = minimize;
        this.ended = new boolean[trials + 1];
        rungs.forEach(r -> recorded.put(r, new TreeMap<>()));
    }

    /** True when asha judges trials after {@code epoch}. */
    public boolean isRung(int epoch) {
        return recorded.containsKey(epoch);
    }

    /**
     * Trial {@code trial} has trained {@code epoch} epochs, a rung, with {@code value} its best metric so
     * far: records it and says whether the trial goes on. Blocks until every earlier trial has passed
     * this rung or ended. Asking again for the same trial and rung gives the same answer.
     */
    public synchronized Decision keep(int trial, int epoch, double value) throws InterruptedException {
        TreeMap<Integer, Double> atRung = recorded.get(epoch);
        while (!earlierPassed(trial, atRung)) {
            wait();
        }
        List<Double> earlier = new ArrayList<>(atRung.headMap(trial).values());
        atRung.put(trial, value);
        notifyAll();
        return decide(earlier, value);
    }

    /** Records the value of a trial that ended in an earlier run of the search, without judging it. */
    public synchronized void record(int trial, int epoch, double value) {
        recorded.get(epoch).put(trial, value);
        notifyAll();
    }

    /**
     * A rung's decision: whether the trial goes on, how many earlier trials' values it was judged
     * against, and the cutoff (NaN when there were none).
     */
    public record Decision(boolean goesOn, int earlier, double cutoff) {
    }

    /** Trial {@code trial} trains no more (completed, stopped or failed): later trials stop waiting for it. */
    public synchronized void ended(int trial) {
        ended[trial] = true;
        notifyAll();
    }

    private boolean earlierPassed(int trial, TreeMap<Integer, Double> atRung) {
        for (int j = 1; j < trial; j++) {
            if (!ended[j] && !atRung.containsKey(j)) {
                return false;
            }
        }
        return true;
    }

    /** Ray Tune's rule: go on unless the reward is below the (1 - 1/rf) quantile of the earlier rewards. */
    Decision decide(List<Double> earlier, double value) {
        double[] rewards = earlier.stream().filter(Double::isFinite).mapToDouble(v -> minimize ? -v : v).toArray();
        if (rewards.length == 0) {
            return new Decision(Double.isFinite(value), 0, Double.NaN);
        }
        double cutoff = percentile(rewards, (1 - 1.0 / reductionFactor) * 100);
        double reward = minimize ? -value : value;
        return new Decision(Double.isFinite(value) && reward >= cutoff, rewards.length, minimize ? -cutoff : cutoff);
    }

    /** The q-th percentile with linear interpolation between the closest ranks (numpy's default). */
    static double percentile(double[] values, double q) {
        double[] x = values.clone();
        Arrays.sort(x);
        double pos = q / 100 * (x.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return x[lo] + (x[hi] - x[lo]) * (pos - lo);
    }

    public List<Integer> rungs() {
        return rungs;
    }
}
