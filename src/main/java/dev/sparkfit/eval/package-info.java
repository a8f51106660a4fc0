/**
 * Scoring as a distributed job: {@link dev.sparkfit.eval.Scorer} runs the network forward on each
 * cached block and returns additive {@link dev.sparkfit.eval.EvalSums} (loss, errors, confusion counts);
 * {@link dev.sparkfit.eval.Metrics} names them as Keras does (loss, accuracy, mae, mse, val_ prefixes).
 */
package dev.sparkfit.eval;
