/**
 * Model selection on top of training: {@link dev.sparkfit.tuning.Folds} deals the rows into k
 * disjoint, reproducible (and, for classification, stratified) folds as a Spark job, and
 * {@link dev.sparkfit.tuning.CvSummary} reduces the folds' metrics to mean and standard deviation.
 * The fold-by-fold training itself is wired in {@code dev.sparkfit.job.CvJob}.
 */
package dev.sparkfit.tuning;
