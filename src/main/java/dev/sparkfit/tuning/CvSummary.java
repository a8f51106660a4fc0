package dev.sparkfit.tuning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The folds' results side by side: per fold the best epoch and the validation metrics of the weights
 * the fold kept (with {@code restore_best_weights}, the best epoch's), then the mean and the sample
 * standard deviation (n - 1) of each across folds. Written as {@code cv-summary.json}.
 *
 * @param perFold one map per fold, in fold order: {@code fold} (1-based), {@code best_epoch} and the
 *                {@code val_} metrics
 */
public record CvSummary(List<Map<String, Number>> perFold, Map<String, Double> mean, Map<String, Double> std) {

    /** The fold metrics (as in each fold's {@code metrics.json}) that the summary keeps; not row counts. */
    public static boolean summarized(String key) {
        return key.equals("best_epoch") || key.startsWith("val_") && !key.equals("val_rows");
    }

    public CvSummary {
        perFold = perFold.stream().map(r -> Collections.unmodifiableMap(new LinkedHashMap<>(r))).toList();
        mean = Collections.unmodifiableMap(new LinkedHashMap<>(mean));
        std = Collections.unmodifiableMap(new LinkedHashMap<>(std));
    }

    /**
     * @param foldMetrics each fold's {@code metrics.json} content, in fold order; only numeric
     *                    {@link #summarized} entries are kept (at least two folds)
     */
    public static CvSummary of(List<Map<String, ?>> foldMetrics) {
        if (foldMetrics.size() < 2) {
            throw new IllegalArgumentException("a summary needs at least 2 folds, got " + foldMetrics.size());
        }
        List<Map<String, Number>> perFold = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (int f = 0; f < foldMetrics.size(); f++) {
            Map<String, Number> row = new LinkedHashMap<>();
            row.put("fold", f + 1);
            foldMetrics.get(f).forEach((k, v) -> {
                if (summarized(k) && v instanceof Number n) {
                    row.put(k, n);
                    keys.add(k);
                }
            });
            perFold.add(row);
        }
        Map<String, Double> mean = new LinkedHashMap<>();
        Map<String, Double> std = new LinkedHashMap<>();
        for (String k : keys) {
            double[] xs = perFold.stream().mapToDouble(r -> r.containsKey(k) ? r.get(k).doubleValue() : Double.NaN)
                    .toArray();
            mean.put(k, mean(xs));
            std.put(k, sampleStd(xs));
        }
        return new CvSummary(perFold, mean, std);
    }

    /** The metric names, in first-seen order (best_epoch, then the val_ metrics). */
    public List<String> keys() {
        return List.copyOf(mean.keySet());
    }

    /** The folds' best epochs' median, rounded half up: the epoch count of the refit. */
    public int medianBestEpoch() {
        int[] epochs = perFold.stream().mapToInt(r -> r.get("best_epoch").intValue()).sorted().toArray();
        int n = epochs.length;
        return n % 2 == 1 ? epochs[n / 2] : (int) Math.ceil((epochs[n / 2 - 1] + epochs[n / 2]) / 2.0);
    }

    /** The JSON content: {@code folds}, {@code per_fold}, {@code mean}, {@code std} (metrics in first-seen order). */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("folds", perFold.size());
        out.put("per_fold", perFold);
        out.put("mean", mean);
        out.put("std", std);
        return out;
    }

    static double mean(double[] xs) {
        return Arrays.stream(xs).sum() / xs.length;
    }

    /** Sample standard deviation (divides by n - 1). */
    static double sampleStd(double[] xs) {
        double m = mean(xs);
        double ss = Arrays.stream(xs).map(x -> (x - m) * (x - m)).sum();
        return Math.sqrt(ss / (xs.length - 1));
    }
}
