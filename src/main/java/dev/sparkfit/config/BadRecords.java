package dev.sparkfit.config;

/** What to do with rows that cannot be parsed: fail the job or skip them (bounded by {@code max_bad_fraction}). */
public enum BadRecords implements Keyed {
    FAIL, SKIP;

    @Override
    public String key() {
        return Keyed.lower(this);
    }

    /** Parses the YAML word {@code value} found at {@code keyPath}; fails with the allowed words. */
    public static BadRecords parse(String keyPath, String value) {
        return Keyed.parse(BadRecords.class, keyPath, value);
    }
}
