package dev.sparkfit.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
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

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                    DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    /** A real metadata.json is a few KB; a wide model's feature names stay far below this. */
    private static final long MAX_BYTES = 16L << 20;

    public Metadata {
        classes = List.copyOf(classes);
        numericColumns = List.copyOf(numericColumns);
        categoricalColumns = List.copyOf(categoricalColumns);
        featureNames = List.copyOf(featureNames);
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    /** Reads {@code metadata.json} strictly: every field present and typed, nothing unknown, nothing after it. */
    public static Metadata read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new ModelRejectedException(file + ": larger than " + MAX_BYTES + " bytes");
        }
        Metadata m;
        try {
            m = JSON.readValue(Files.readAllBytes(file), Metadata.class);
        } catch (JsonProcessingException | RuntimeException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : String.valueOf(e.getMessage());
            throw new ModelRejectedException(file + ": not valid sparkfit metadata ("
                    + why.lines().findFirst().orElse("") + ")");
        }
        if (m.formatVersion() != FORMAT_VERSION) {
            throw new ModelRejectedException(file + ": model format version " + m.formatVersion()
                    + " is not supported (this sparkfit reads version " + FORMAT_VERSION + ")");
        }
        return m;
    }
}
