/**
 * Scoring as a distributed job: {@link dev.sparkfit.eval.Scorer} runs the network forward on each
 * cached block and returns additive {@link dev.sparkfit.eval.EvalSums} (loss, errors, confusion counts);
 * {@link dev.sparkfit.eval.Metrics} names them as Keras does (loss, accuracy, mae, mse, val_ prefixes).
 * {@link dev.sparkfit.eval.Diagnostics} looks inside the network the same way: dead and saturated
 * units per hidden layer and per-layer gradient norms, as counts per partition, with plain verdicts.
 */
package dev.sparkfit.eval;
