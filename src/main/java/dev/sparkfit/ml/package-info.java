/**
 * The library layer: {@link dev.sparkfit.ml.DenseNetClassifier} and {@link dev.sparkfit.ml.DenseNetRegressor}
 * are Spark ML estimators (Pipeline, CrossValidator, ParamGridBuilder) whose fitted models score through
 * the shared forward pass and save through Hadoop's FileSystem with checksums. Below them is the training
 * core that {@code sparkfit train}, cv, compare and capacity run too: {@link dev.sparkfit.ml.Split} (the
 * validation split and worker count), {@link dev.sparkfit.ml.SplitTraining} (preprocess, pack, train) and
 * {@link dev.sparkfit.ml.RunMetrics} (how a run ended: {@code metrics.json}). The estimators read their
 * DataFrame through the one pass of {@code train} ({@link dev.sparkfit.data.VectorRows}).
 * Params map onto the spec records, so checks and messages are the spec's.
 */
package dev.sparkfit.ml;
