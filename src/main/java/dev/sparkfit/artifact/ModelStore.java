package dev.sparkfit.artifact;

import dev.sparkfit.config.Activation;
import dev.sparkfit.config.LossName;
import dev.sparkfit.config.Task;
import dev.sparkfit.data.FittedPreprocessing;
import dev.sparkfit.io.Dirs;
import dev.sparkfit.io.Manifest;
import dev.sparkfit.model.Head;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Saves and loads a model directory: {@code model.zip} (DL4J configuration, parameters and updater
 * state), {@code preprocessing/} (the fitted Spark ML pipeline) and {@code metadata.json}. A save
 * writes into a hidden sibling folder and renames it into place, so a reader never sees half a model.
 */
public final class ModelStore {

    public static final String NETWORK = "model.zip";
    public static final String PREPROCESSING = "preprocessing";
    public static final String METADATA = "metadata.json";

    private ModelStore() {
    }

    /** A model as loaded from disk. */
    public record LoadedModel(MultiLayerNetwork network, FittedPreprocessing preprocessing, Metadata metadata,
                              Head head) {
    }

    public static void save(Path dir, MultiLayerNetwork net, FittedPreprocessing prep, Metadata meta)
            throws IOException {
        if (Files.exists(dir)) {
            throw new IOException(dir + " already exists; refusing to overwrite a model");
        }
        Path tmp = dir.resolveSibling("." + dir.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp);
            ModelSerializer.writeModel(net, tmp.resolve(NETWORK).toFile(), true);
            prep.save(tmp.resolve(PREPROCESSING).toUri().toString());
            meta.write(tmp.resolve(METADATA));
            Manifest.write(tmp); // last: a model directory without a manifest was never completed
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteRecursively(tmp);
        }
    }

    /**
     * Loads a model directory that may come from elsewhere: the manifest's checksums first, then
     * strict metadata, {@code model.zip} through {@link ModelZip} (no Java deserialization) and the
     * pipeline through Spark ML's JSON + Parquet reader after its stage list is checked. A directory
     * that fails a check is a {@link ModelRejectedException}.
     */
    public static LoadedModel load(Path dir) throws IOException {
        requireModel(dir);
        Metadata meta = Metadata.read(dir.resolve(METADATA));
        Head head;
        try {
            head = head(meta);
            if (meta.featureNames().size() != meta.nIn()
                    || (head.classification() && meta.classes().size() != Math.max(2, meta.nOut()))) {
                throw new IllegalArgumentException("feature names, classes and nIn/nOut disagree");
            }
        } catch (RuntimeException e) {
            throw new ModelRejectedException(dir.resolve(METADATA) + ": " + e.getMessage());
        }
        MultiLayerNetwork net = ModelZip.read(dir.resolve(NETWORK));
        if (net.layerInputSize(0) != meta.nIn() || net.layerSize(net.getnLayers() - 1) != meta.nOut()) {
            throw new ModelRejectedException(dir + ": the network (" + net.layerInputSize(0) + " inputs, "
                    + net.layerSize(net.getnLayers() - 1) + " outputs) does not match " + METADATA + " (" + meta.nIn()
                    + ", " + meta.nOut() + ")");
        }
        FittedPreprocessing prep;
        try {
            prep = FittedPreprocessing.load(dir.resolve(PREPROCESSING), meta.featureNames());
        } catch (RuntimeException e) {
            throw new ModelRejectedException(e instanceof dev.sparkfit.data.DataException ? e.getMessage()
                    : dir.resolve(PREPROCESSING) + ": not a readable pipeline ("
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
        return new LoadedModel(net, prep, meta, head);
    }

    /**
     * The network alone, for reading its layers and parameters; needs no Spark session (the
     * preprocessing does). The same checks as {@link #load}: manifest, allowed entries, size caps.
     */
    public static MultiLayerNetwork network(Path dir) throws IOException {
        requireModel(dir);
        return ModelZip.read(dir.resolve(NETWORK));
    }

    /** A model directory with every expected entry, whose files match its manifest. */
    private static void requireModel(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("model directory " + dir + " does not exist");
        }
        for (String entry : new String[] {NETWORK, PREPROCESSING, METADATA}) {
            if (!Files.exists(dir.resolve(entry))) {
                throw new ModelRejectedException(dir + " is not a sparkfit model: " + entry + " is missing");
            }
        }
        try {
            Manifest.verify(dir);
        } catch (IOException e) {
            throw new ModelRejectedException(e.getMessage());
        }
    }

    static Head head(Metadata m) {
        return new Head(Task.valueOf(m.task().toUpperCase()), m.nOut(),
                Activation.valueOf(m.outputActivation().toUpperCase()),
                LossName.valueOf(m.loss().toUpperCase()), m.classes());
    }

    /** Deletes {@code p} and everything under it (see {@link Dirs#deleteRecursively}). */
    public static void deleteRecursively(Path p) throws IOException {
        Dirs.deleteRecursively(p);
    }
}
