package dev.sparkfit.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.data.FittedPreprocessing;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.io.Json;
import dev.sparkfit.model.Head;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Provenance and schema of a saved model ({@code metadata.json}): versions, spec hash, seed, the
 * input columns and their types, the network's head and the row counts it was trained on.
 *
 * <p>Read leniently, so that a model saved by an earlier release still loads: unknown fields are
 * ignored, and a field added after format version 1 gets its default when absent (null, 0, or an
 * empty list). The fields every version has written ({@link #V1_FIELDS}) must be present and not
 * null. Adding a field: give it a default here, leave {@code V1_FIELDS} alone, and keep the committed
 * fixture of each earlier release loading ({@code ModelFormatFixtureTest}).
 */
public record Metadata(int formatVersion, String sparkfitVersion, String sparkVersion, String dl4jVersion,
                       String javaVersion, String createdAt, String specHash, long seed,
                       String task, String label, List<String> classes,
                       List<String> numericColumns, List<String> categoricalColumns, String vectorColumn,
                       String missing, List<String> featureNames, int nIn, int nOut,
                       String outputActivation, String loss, long trainRows, long valRows) {

    /** The version of this layout; loaders read it and every earlier one, and refuse later ones. */
    public static final int FORMAT_VERSION = 1;

    /**
     * The fields of format version 1: every saved model has them, so each must be present and, except
     * {@link #NULLABLE_V1_FIELDS}, not null.
     */
    static final List<String> V1_FIELDS = List.of("formatVersion", "sparkfitVersion", "sparkVersion", "dl4jVersion",
            "javaVersion", "createdAt", "specHash", "seed", "task", "label", "classes", "numericColumns",
            "categoricalColumns", "missing", "featureNames", "nIn", "nOut", "outputActivation", "loss",
            "trainRows", "valRows");

    /** specHash is null in a model made by {@code import-keras} without a spec (no spec was hashed). */
    static final List<String> NULLABLE_V1_FIELDS = List.of("specHash");

    // vectorColumn is null in models without a vector feature column; the others of V1_FIELDS never are.
    private static final ObjectReader READER = Json.MAPPER.readerFor(Metadata.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                    DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    /** A real metadata.json is a few KB; a wide model's feature names stay far below this. */
    private static final long MAX_BYTES = 16L << 20;

    public Metadata {
        classes = listOrEmpty(classes);
        numericColumns = listOrEmpty(numericColumns);
        categoricalColumns = listOrEmpty(categoricalColumns);
        featureNames = listOrEmpty(featureNames);
    }

    private static List<String> listOrEmpty(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    /**
     * The metadata of a model that {@code spec} trained on {@code table}'s rows ({@code trainRows} of them,
     * checked on {@code valRows}), with {@code prep} as its feature pipeline, on Spark {@code sparkVersion}.
     */
    public static Metadata forTraining(String sparkVersion, JobSpec spec, InputTable table, Head head,
                                       FittedPreprocessing prep, long trainRows, long valRows) {
        return new Metadata(FORMAT_VERSION, Versions.SPARKFIT, sparkVersion, Versions.DL4J,
                System.getProperty("java.version"), java.time.Instant.now().toString(), SpecLoader.hash(spec),
                spec.training().seed(), head.task().key(), table.label(), head.classes(), table.numeric(),
                table.categorical(), table.vectorColumn(), spec.data().missing().key(), prep.featureNames(),
                prep.width(), head.nOut(), head.activation().key(), head.loss().key(), trainRows, valRows);
    }

    public void write(Path file) throws IOException {
        Json.PRETTY.writeValue(file.toFile(), this);
    }

    /**
     * Reads {@code metadata.json}: one JSON object with a supported format version and every field of
     * version 1; unknown fields are ignored and later fields defaulted. Anything else is a
     * {@link ModelRejectedException} naming the file and what was wrong.
     */
    public static Metadata read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new ModelRejectedException(file + ": larger than " + MAX_BYTES + " bytes");
        }
        JsonNode tree;
        Metadata m;
        try {
            tree = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(Files.readAllBytes(file));
            if (tree == null || !tree.isObject()) {
                throw invalid(file, "not a JSON object");
            }
            JsonNode version = tree.get("formatVersion");
            if (version != null && version.canConvertToInt() && version.isIntegralNumber()
                    && (version.intValue() < 1 || version.intValue() > FORMAT_VERSION)) {
                throw new ModelRejectedException(file + ": model format version " + version.intValue()
                        + " is not supported (this sparkfit reads versions 1 to " + FORMAT_VERSION + ")");
            }
            for (String f : V1_FIELDS) {
                if (tree.get(f) == null || (tree.get(f).isNull() && !NULLABLE_V1_FIELDS.contains(f))) {
                    throw invalid(file, "missing '" + f + "'");
                }
            }
            m = READER.readValue(tree);
        } catch (ModelRejectedException e) {
            throw e;
        } catch (JsonProcessingException | RuntimeException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : String.valueOf(e.getMessage());
            throw invalid(file, why.lines().findFirst().orElse(""));
        }
        return m;
    }

    private static ModelRejectedException invalid(Path file, String why) {
        return new ModelRejectedException(file + ": not valid sparkfit metadata (" + why + ")");
    }
}
