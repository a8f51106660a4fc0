/**
 * The YAML job spec: what data to train on, the network, the optimizer, how to train and where Spark runs.
 * {@link dev.sparkfit.config.SpecLoader} reads a spec file, applies {@code key=value} overrides, and
 * builds an immutable {@link dev.sparkfit.config.JobSpec} whose records validate their own ranges.
 * Keys are snake_case in Keras vocabulary; unknown keys, wrong types and out-of-range values fail with a
 * one-line {@link dev.sparkfit.config.SpecException} that names the key, the value and what is allowed.
 * Resolved specs can be written back with every default filled in and hashed to identify a run.
 */
package dev.sparkfit.config;
