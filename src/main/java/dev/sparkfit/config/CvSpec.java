package dev.sparkfit.config;

/**
 * How {@code sparkfit cv} cross-validates: the number of folds, whether folds keep each class's
 * share (classification only), how many folds train at once, and whether a final model is then
 * trained on every row for the folds' median best epoch.
 */
public record CvSpec(int folds, boolean stratify, int parallelism, boolean refit) {

    public CvSpec {
        Check.atLeast("cv.folds", folds, 2);
        Check.atLeast("cv.parallelism", parallelism, 1);
    }

    /** Five stratified folds, one at a time, no refit. */
    public static CvSpec defaults() {
        return new CvSpec(5, true, 1, false);
    }
}
