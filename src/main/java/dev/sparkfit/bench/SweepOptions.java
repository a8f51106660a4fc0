package dev.sparkfit.bench;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The convergence sweep ({@code sparkfit bench --workers 2,8,32,64}): the benchmark's workload trained
 * for each worker count, each {@code training.averaging} setting and each variant of the other settings,
 * all on the same prepared data. A variant is a name and {@code --set}-style overrides of
 * {@code training.*}, {@code optimizer.*} or {@code model.*} keys; the built-in ones are
 * {@value #DEFAULT} (every setting at its default), {@value #OUTER} (the defaults plus an outer Nesterov
 * step, learning rate 1, momentum 0.9: BMUF's Nesterov block momentum, DiLoCo's momentum),
 * {@value #NO_OUTER} (the outer optimizer off, the rest at its default), {@value #PLAIN} (plain averaging as before the outer step: no outer optimizer,
 * learning-rate scaling or warm-up) and {@value #SYNC}: the baseline of synchronous data parallelism
 * (Horovod, {@code tf.distribute}, DDP) at the cell's worker count, where every step averages the K
 * workers' gradients. It is trained as what it equals, one replica with K times the batch, Adam's rate
 * scaled by the square root of K (the usual rule for Adam), once per worker count.
 */
public record SweepOptions(BenchOptions bench, List<Integer> workers, List<String> averaging,
                           List<Variant> variants, List<String> overrides) implements Serializable {

    public static final String DEFAULT = "default";
    public static final String NO_OUTER = "no-outer";
    public static final String PLAIN = "plain";
    public static final String OUTER = "outer";
    public static final String SYNC = "sync";
    private static final Map<String, List<String>> BUILT_IN = Map.of(
            DEFAULT, List.of(),
            OUTER, List.of("training.outer_optimizer={name: nesterov, learning_rate: 1.0, momentum: 0.9}"),
            NO_OUTER, List.of("training.outer_optimizer=none"),
            PLAIN, List.of("training.outer_optimizer=none", "training.learning_rate_scaling=none",
                    "training.warmup_epochs=0"));

    /**
     * A named set of overrides applied on top of the benchmark's spec; {@code synchronous}: trained as
     * synchronous data parallelism at the cell's worker count (see {@link #SYNC}).
     */
    public record Variant(String name, List<String> overrides, boolean synchronous) implements Serializable {

        public Variant(String name, List<String> overrides) {
            this(name, overrides, false);
        }

        public Variant {
            overrides = List.copyOf(overrides);
            for (String o : overrides) {
                if (!o.startsWith("training.") && !o.startsWith("optimizer.") && !o.startsWith("model.")) {
                    throw new IllegalArgumentException("--variant " + name + ": '" + o + "' does not set a training.*,"
                            + " optimizer.* or model.* key (the data are prepared once for every variant)");
                }
            }
        }

        /** A built-in name, or {@code NAME:KEY=VALUE[;KEY=VALUE...]}. */
        public static Variant parse(String text) {
            int colon = text.indexOf(':');
            if (colon < 0 && text.trim().equals(SYNC)) {
                return new Variant(SYNC, List.of(), true);
            }
            if (colon < 0) {
                List<String> builtIn = BUILT_IN.get(text.trim());
                if (builtIn == null) {
                    throw new IllegalArgumentException("--variant: '" + text + "' is not one of " + DEFAULT + ", "
                            + OUTER + ", " + NO_OUTER + ", " + PLAIN + ", " + SYNC + " or NAME:KEY=VALUE[;KEY=VALUE...]");
                }
                return new Variant(text.trim(), builtIn);
            }
            List<String> sets = new ArrayList<>();
            for (String s : text.substring(colon + 1).split(";")) {
                if (!s.isBlank()) {
                    sets.add(s.trim());
                }
            }
            return new Variant(text.substring(0, colon).trim(), sets);
        }
    }

    public SweepOptions {
        workers = List.copyOf(workers);
        averaging = List.copyOf(averaging);
        variants = List.copyOf(variants);
        overrides = List.copyOf(overrides);
        for (int w : workers) {
            if (w < 1) {
                throw new IllegalArgumentException("--workers: " + w + " is not >= 1");
            }
        }
        for (String a : averaging) {
            if (!a.equals("auto") && !a.equals("epoch") && !a.matches("\\d{1,9}")) {
                throw new IllegalArgumentException("--averaging: '" + a + "' is not auto, epoch or a minibatch count");
            }
        }
    }
}
