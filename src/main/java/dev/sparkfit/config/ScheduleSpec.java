package dev.sparkfit.config;

/**
 * {@code optimizer.schedule}: how the optimizer's learning rate changes with training time, counted in
 * epochs (fractions of an epoch between its minibatches): {@code none}; {@code exponential}, lr x
 * {@code decay_rate} ^ (e / {@code decay_epochs}) (Keras' ExponentialDecay); {@code step}, lr x
 * {@code decay_rate} ^ floor(e / {@code decay_epochs}) (ExponentialDecay with staircase); {@code cosine},
 * lr x ((1 - {@code alpha}) x (1 + cos(pi x min(e, decay_epochs) / decay_epochs)) / 2 + alpha)
 * (CosineDecay). With {@code warmup_epochs} > 0 the rate first rises linearly from 0 to lr over that many
 * epochs and the decay starts after it.
 */
public record ScheduleSpec(Kind kind, double decayRate, double decayEpochs, double alpha, double warmupEpochs)
        implements java.io.Serializable {

    /** The schedule's shape. */
    public enum Kind implements Keyed {
        NONE, EXPONENTIAL, STEP, COSINE;

        @Override
        public String key() {
            return Keyed.lower(this);
        }

        public static Kind parse(String keyPath, String value) {
            return Keyed.parse(Kind.class, keyPath, value);
        }
    }

    public ScheduleSpec {
        Check.required("optimizer.schedule.name", kind);
        if (!(decayRate > 0 && decayRate <= 1)) {
            throw new SpecException("optimizer.schedule.decay_rate: " + decayRate + " is not in (0, 1]");
        }
        Check.positive("optimizer.schedule.decay_epochs", decayEpochs);
        Check.inRange("optimizer.schedule.alpha", alpha, 0.0, 1.0, true);
        Check.atLeast("optimizer.schedule.warmup_epochs", warmupEpochs, 0.0);
    }

    /** A constant rate. */
    public static ScheduleSpec none() {
        return new ScheduleSpec(Kind.NONE, 0.5, 10, 0.0, 0.0);
    }

    /** The factor on the optimizer's rate after {@code epochs} of training (0 at the start). */
    public double factor(double epochs) {
        if (warmupEpochs > 0 && epochs < warmupEpochs) {
            return epochs / warmupEpochs;
        }
        double e = epochs - warmupEpochs;
        return switch (kind) {
            case NONE -> 1.0;
            case EXPONENTIAL -> Math.pow(decayRate, e / decayEpochs);
            case STEP -> Math.pow(decayRate, Math.floor(e / decayEpochs));
            case COSINE -> (1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * Math.min(e, decayEpochs) / decayEpochs)) + alpha;
        };
    }

    /** True when the rate is not constant. */
    public boolean enabled() {
        return kind != Kind.NONE || warmupEpochs > 0;
    }
}
