package dev.sparkfit.artifact;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Provenance and schema of a saved model ({@code metadata.json}): versions, spec hash, seed, the
 * input columns and their types, the network's head and the row counts it was trained on.
 */
public record Metadata(int formatVersion, String sparkfitVersion, String sparkVersion, String dl4jVersion,
                       String javaVersion, String createdAt, String specHash, long seed,
                       String task, String label, List<String> classes,
                       List<String> numericColumns, List<String> categoricalColumns, String vectorColumn,
                       String missing, List<String> featureNames, int nIn, int nOut,
                       String outputActivation, String loss, long trainRows, long valRows) {

    /** The version of this layout; loaders refuse others. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Metadata {
        classes = List.copyOf(classes);
        numericColumns = List.copyOf(numericColumns);
        categoricalColumns = List.copyOf(categoricalColumns);
        featureNames = List.copyOf(featureNames);
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    public static Metadata read(Path file) throws IOException {
        Metadata m = JSON.readValue(Files.readAllBytes(file), Metadata.class);
        if (m.formatVersion() != FORMAT_VERSION) {
            throw new IOException(file + ": model format version " + m.formatVersion()
                    + " is not supported (this sparkfit reads version " + FORMAT_VERSION + ")");
        }
        return m;
    }
}
