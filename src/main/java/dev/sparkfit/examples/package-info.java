/**
 * Programs that use the {@code dev.sparkfit.ml} API as a Spark application would, run with
 * {@code spark-submit --class}; the README's Java example is one of them, and the cluster
 * integration tests run them from the spark-submit jar.
 */
package dev.sparkfit.examples;
