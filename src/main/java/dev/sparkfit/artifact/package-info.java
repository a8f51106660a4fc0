/**
 * What a run leaves on disk and how it is read back: the run directory (its lock, {@code events.jsonl},
 * {@code _SUCCESS} last), the model store ({@code model.zip}, the fitted preprocessing and
 * {@code metadata.json}, saved in a hidden folder renamed into place; loaded by a checked loader that
 * verifies {@link dev.sparkfit.io.Manifest}'s checksums, reads the metadata leniently by format version and
 * never Java-deserializes {@code model.zip}), a Keras-style model summary, PNG charts, the HTML reports of
 * train, cv, compare and capacity, and the exporters ({@code export}). It reads what {@code train} and
 * {@code eval} produce ({@link dev.sparkfit.train.History}, {@link dev.sparkfit.train.EpochStats}); they never
 * import it. Only the model store touches Spark (the pipeline's reader and writer); reports and charts are
 * plain Java, rendered headless.
 */
package dev.sparkfit.artifact;
