package dev.sparkfit.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code tune:} section: which spec keys to search ({@code space}, in file order), how
 * ({@code method}: grid, random or asha), how many settings ({@code trials}, drawn with {@code seed}),
 * what judges a trial ({@code metric}, a validation metric, with its {@code mode}), how many trials train at
 * once ({@code parallelism}) and, for asha, the rungs: every trial trains {@code minEpochs} epochs, then
 * {@code minEpochs * reductionFactor}, ... up to {@code maxEpochs}, continuing only while it is in the
 * best 1/{@code reductionFactor} of the trials recorded at that rung. {@code maxEpochs} is every trial's
 * epoch budget whatever the method. With {@code useCv} a trial is judged by its folds' mean.
 */
public record TuneSpec(Map<String, Domain> space, Method method, int trials, long seed, String metric, Mode mode,
                       int parallelism, boolean useCv, int reductionFactor, int minEpochs, int maxEpochs) {

    /** How trials are proposed and scheduled. */
    public enum Method implements Keyed {
        GRID, RANDOM, ASHA;

        @Override
        public String key() {
            return Keyed.lower(this);
        }

        static Method parse(String keyPath, String value) {
            return Keyed.parse(Method.class, keyPath, value);
        }
    }

    /** The values one searched key may take. */
    public sealed interface Domain permits Choice, Uniform, LogUniform, IntUniform {
    }

    /** One of the listed values (any YAML value: a number, a word, a list of layers). */
    public record Choice(List<JsonNode> values) implements Domain {
        public Choice {
            values = List.copyOf(values);
        }
    }

    /** A number drawn uniformly from [low, high]. */
    public record Uniform(double low, double high) implements Domain {
    }

    /** A number whose logarithm is drawn uniformly from [log low, log high]; 0 < low. */
    public record LogUniform(double low, double high) implements Domain {
    }

    /** An integer drawn uniformly from low to high, both included. */
    public record IntUniform(long low, long high) implements Domain {
    }

    public TuneSpec {
        space = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(space));
        Check.required("tune.method", method);
        Check.required("tune.mode", mode);
        if (space.isEmpty()) {
            throw new SpecException("tune.space: {} names no key to search (e.g. optimizer.learning_rate:"
                    + " {log_uniform: [0.0001, 0.1]})");
        }
        Check.atLeast("tune.trials", trials, 1);
        Check.atLeast("tune.parallelism", parallelism, 1);
        Check.atLeast("tune.reduction_factor", reductionFactor, 2);
        Check.atLeast("tune.min_epochs", minEpochs, 1);
        Check.atLeast("tune.max_epochs", maxEpochs, minEpochs);
        if (!metric.startsWith("val_")) {
            throw new SpecException("tune.metric: '" + metric + "' is not a validation metric (trials are judged on"
                    + " validation rows; e.g. val_loss, val_accuracy)");
        }
        if (method == Method.ASHA && useCv) {
            throw new SpecException("tune.use_cv: asha judges trials at its rungs on the validation split;"
                    + " use_cv works with method grid or random");
        }
        if (method == Method.GRID) {
            long size = gridSize(space);
            if (size > trials) {
                throw new SpecException("tune.trials: " + trials + " is less than the grid's " + size + " settings"
                        + " (raise tune.trials to " + size + ", shrink the choices, or use method random or asha)");
            }
        }
    }

    /** True when a smaller metric is better. */
    public boolean minimize() {
        return switch (mode) {
            case MIN -> true;
            case MAX -> false;
            case AUTO -> !MetricNames.higherIsBetter(metric);
        };
    }

    /** The epochs at which asha judges a trial: min_epochs times powers of the reduction factor, below max_epochs. */
    public List<Integer> rungs() {
        List<Integer> rungs = new java.util.ArrayList<>();
        for (long r = minEpochs; r < maxEpochs; r *= reductionFactor) {
            rungs.add((int) r);
        }
        return List.copyOf(rungs);
    }

    /** The number of settings of a grid: the product of the choice lists' sizes; fails on a range. */
    static long gridSize(Map<String, Domain> space) {
        long size = 1;
        for (Map.Entry<String, Domain> e : space.entrySet()) {
            if (!(e.getValue() instanceof Choice c)) {
                throw new SpecException("tune.space." + e.getKey() + ": method grid needs a choice list"
                        + " (a range has no grid; use {choice: [...]} or method random or asha)");
            }
            size = Math.multiplyExact(size, c.values().size());
        }
        return size;
    }

    /** True when every searched key is a choice list, so the space is a finite grid. */
    public boolean finite() {
        return space.values().stream().allMatch(d -> d instanceof Choice);
    }
}
