package dev.sparkfit.config;

import java.util.List;

/**
 * Where the training data is and how to read it: exactly one of {@code path} (files), {@code table} (a
 * table of the session's catalog) and {@code sql} (a query) is set. Empty {@code features} means every
 * column but the label; empty {@code categorical} means every non-numeric column. The label defaults to
 * "label" for libsvm data and is required otherwise. {@code maxCategories} bounds a categorical column's
 * distinct values (more is an identifier or free text, not a category; see {@code data.CardinalityGuard}).
 * {@code validation} (null: none) is where separate validation rows are, as Keras' {@code validation_data};
 * {@code weight} (null: none) names a column of per-row sample weights, as Keras' {@code sample_weight}.
 */
public record DataSpec(String path, DataFormat format, String label, List<String> features,
                       List<String> categorical, Task task, MissingPolicy missing, BadRecords badRecords,
                       double maxBadFraction, int maxCategories, String table, String sql,
                       DataSource validation, String weight) {

    /** data.max_categories when the spec does not set it. */
    public static final int DEFAULT_MAX_CATEGORIES = 1000;

    public DataSpec {
        Check.required("data.format", format);
        DataSource.of("data", path, format, table, sql); // exactly one source
        if (label == null && format == DataFormat.LIBSVM) {
            label = "label";
        }
        Check.nonBlank("data.label", label);
        features = Check.names("data.features", features);
        categorical = Check.names("data.categorical", categorical);
        if (features.contains(label)) {
            throw new SpecException("data.features: " + features + " contains the label '" + label
                    + "' (features are the inputs; leave the label out)");
        }
        Check.required("data.task", task);
        Check.required("data.missing", missing);
        Check.required("data.bad_records", badRecords);
        Check.inRange("data.max_bad_fraction", maxBadFraction, 0.0, 1.0, true);
        Check.atLeast("data.max_categories", maxCategories, 2);
        if (weight != null) {
            Check.nonBlank("data.weight", weight);
            if (weight.equals(label) || features.contains(weight)) {
                throw new SpecException("data.weight: '" + weight + "' is " + (weight.equals(label) ? "the label"
                        : "in data.features") + " (the weight column weighs rows; it is neither label nor feature)");
            }
            if (format == DataFormat.LIBSVM) {
                throw new SpecException("data.weight: libsvm rows have no columns besides label and features"
                        + " (use CSV, Parquet, ORC, a table or a query)");
            }
        }
    }

    /** Every setting but the validation source and the weight column, which are left out. */
    public DataSpec(String path, DataFormat format, String label, List<String> features, List<String> categorical,
                    Task task, MissingPolicy missing, BadRecords badRecords, double maxBadFraction, int maxCategories,
                    String table, String sql) {
        this(path, format, label, features, categorical, task, missing, badRecords, maxBadFraction, maxCategories,
                table, sql, null, null);
    }

    /** Files at {@code path}. */
    public DataSpec(String path, DataFormat format, String label, List<String> features, List<String> categorical,
                    Task task, MissingPolicy missing, BadRecords badRecords, double maxBadFraction, int maxCategories) {
        this(path, format, label, features, categorical, task, missing, badRecords, maxBadFraction, maxCategories,
                null, null);
    }

    /** Files at {@code path}, with data.max_categories at its default. */
    public DataSpec(String path, DataFormat format, String label, List<String> features, List<String> categorical,
                    Task task, MissingPolicy missing, BadRecords badRecords, double maxBadFraction) {
        this(path, format, label, features, categorical, task, missing, badRecords, maxBadFraction,
                DEFAULT_MAX_CATEGORIES);
    }

    /** Data at {@code path} with label column {@code label} and every other setting at its default. */
    public static DataSpec of(String path, String label) {
        return new DataSpec(path, DataFormat.AUTO, label, List.of(), List.of(), Task.AUTO, MissingPolicy.MEAN,
                BadRecords.FAIL, 0.01);
    }

    /** The files, table or query the rows come from. */
    public DataSource source() {
        return DataSource.of("data", path, format, table, sql);
    }

    /** This spec reading from {@code source} instead, every other setting kept. */
    public DataSpec withSource(DataSource source) {
        String p = source instanceof DataSource.Files f ? f.path() : null;
        DataFormat fmt = source instanceof DataSource.Files f ? f.format() : DataFormat.AUTO;
        return new DataSpec(p, fmt, label, features, categorical, task, missing, badRecords, maxBadFraction,
                maxCategories, source instanceof DataSource.Table t ? t.name() : null,
                source instanceof DataSource.Query q ? q.sql() : null, validation, weight);
    }
}
