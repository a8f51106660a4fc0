/**
 * Training artifacts: the per-epoch history of a fit, a Keras-style model summary,
 * PNG learning-curve charts and a single self-contained HTML report; the run directory, the model
 * store with its checked loader, the checksum {@code Manifest} written last, and {@code events.jsonl}.
 * Everything here is plain Java with no Spark dependency, so it can run on the driver
 * after training or offline from a saved history JSON. Charts are rendered headless.
 */
package dev.sparkfit.artifact;
