/**
 * {@code sparkfit bench}: the MNIST workload trained by sparkfit (both averaging settings), DL4J's own
 * Spark master, single-JVM DL4J and Spark MLlib's perceptron, each in its own JVM one after another,
 * plus an ND4J GEMM probe; a table, {@code bench.json} and {@code bench.html}; and, with
 * {@code --scaling}, epoch time and driver heap as rows and workers grow. A benchmark, never a timed test.
 */
package dev.sparkfit.bench;
