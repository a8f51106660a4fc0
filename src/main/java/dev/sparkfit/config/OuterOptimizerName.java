package dev.sparkfit.config;

/**
 * The driver's step on each averaging round's change (the mean of the workers' parameters minus the
 * round's starting parameters): {@code none} takes the mean as it is (plain parameter averaging),
 * {@code momentum} is block momentum (BMUF, Chen and Huo 2016; SlowMo's slow momentum), {@code nesterov}
 * its Nesterov form (BMUF's Nesterov block momentum, DiLoCo's outer Nesterov); {@code auto} picks by
 * the worker count.
 */
public enum OuterOptimizerName implements Keyed {
    AUTO, NONE, MOMENTUM, NESTEROV;

    @Override
    public String key() {
        return Keyed.lower(this);
    }

    /** Parses the YAML word {@code value} found at {@code keyPath}; fails with the allowed words. */
    public static OuterOptimizerName parse(String keyPath, String value) {
        return Keyed.parse(OuterOptimizerName.class, keyPath, value);
    }
}
