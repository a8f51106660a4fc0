package dev.sparkfit.config;

/** Format of the training data; {@code auto} is resolved from the path when the data is read. */
public enum DataFormat implements Keyed {
    AUTO, CSV, PARQUET, ORC, LIBSVM;

    @Override
    public String key() {
        return Keyed.lower(this);
    }

    /** Parses the YAML word {@code value} found at {@code keyPath}; fails with the allowed words. */
    public static DataFormat parse(String keyPath, String value) {
        return Keyed.parse(DataFormat.class, keyPath, value);
    }
}
