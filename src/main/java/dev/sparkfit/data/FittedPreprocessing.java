package dev.sparkfit.data;

import dev.sparkfit.io.Json;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.SQLTransformer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fitted feature pipeline: statistics (means, category lists, scale) learned from training
 * rows only. Saved beside the network in Spark ML's own format, which is JSON and Parquet and never
 * Java serialization.
 *
 * @param featureNames one name per network input, in vector order
 */
public record FittedPreprocessing(PipelineModel pipeline, List<String> featureNames) {

    /** The stage classes {@link Preprocessing#fit} produces; a loaded pipeline may hold no others. */
    static final Set<String> STAGES = Set.of("org.apache.spark.ml.feature.SQLTransformer",
            "org.apache.spark.ml.feature.ImputerModel", "org.apache.spark.ml.feature.VectorAssembler",
            "org.apache.spark.ml.feature.ElementwiseProduct", "org.apache.spark.ml.feature.StringIndexerModel",
            "org.apache.spark.ml.feature.OneHotEncoderModel", "org.apache.spark.ml.feature.StandardScalerModel");
    /**
     * The only SQL {@link Preprocessing} writes: a coalesce of each numeric column with its fill value, a
     * double literal as {@code Double.toString} writes it (models saved before the mean fill wrote
     * {@code 0.0} without the D).
     */
    static final Pattern GENERATED_ITEM =
            Pattern.compile("coalesce\\(`[^`]+`, -?[0-9]+\\.[0-9]+(E-?[0-9]+)?D?\\) AS `[^`]+`");
    private static final ObjectMapper JSON = Json.MAPPER;

    public FittedPreprocessing {
        featureNames = List.copyOf(featureNames);
    }

    public int width() {
        return featureNames.size();
    }

    /** Adds the {@value Preprocessing#FEATURES} vector column. */
    public Dataset<Row> transform(Dataset<Row> rows) {
        Dataset<Row> out = pipeline.transform(rows);
        String last = outputColumn();
        // Pipelines saved before the internal names wrote "features": the same vector under today's name.
        return last.equals(Preprocessing.FEATURES) ? out : out.withColumnRenamed(last, Preprocessing.FEATURES);
    }

    /** The column the pipeline's last stage writes (a VectorAssembler or a StandardScalerModel). */
    private String outputColumn() {
        Transformer last = pipeline.stages()[pipeline.stages().length - 1];
        return last.getOrDefault(last.getParam("outputCol")).toString();
    }

    public void save(String dir) throws IOException {
        pipeline.write().save(dir);
    }

    /**
     * Loads a saved pipeline that may come from elsewhere. Spark ML instantiates each stage from the
     * class named in its JSON metadata, and a SQLTransformer runs whatever SQL it holds, so before
     * and after loading: only the stage classes {@link Preprocessing} writes, and only the SQL it writes.
     */
    public static FittedPreprocessing load(Path dir, List<String> featureNames) {
        checkStageClasses(dir);
        PipelineModel model = PipelineModel.load(dir.toUri().toString());
        for (Transformer stage : model.stages()) {
            if (stage instanceof SQLTransformer sql && !isGeneratedSql(sql.getStatement())) {
                throw new DataException(dir + ": a SQLTransformer stage holds SQL sparkfit never writes: "
                        + sql.getStatement().lines().findFirst().orElse(""));
            }
        }
        return new FittedPreprocessing(model, featureNames);
    }

    /** True for the SQL {@link Preprocessing} writes, and only for it. */
    public static boolean isGeneratedSql(String statement) {
        String head = "SELECT *";
        String tail = " FROM __THIS__";
        if (!statement.startsWith(head) || !statement.endsWith(tail)) { // the two cannot overlap
            return false;
        }
        String items = statement.substring(head.length(), statement.length() - tail.length());
        if (items.isEmpty()) {
            return true;
        }
        // Item by item: one regex over the whole list recurses per item and overflows the stack at 784 columns.
        if (!items.startsWith(", ")) {
            return false;
        }
        for (String item : items.substring(2).split(", (?=coalesce\\()", -1)) {
            if (!GENERATED_ITEM.matcher(item).matches()) {
                return false;
            }
        }
        return true;
    }

    private static void checkStageClasses(Path dir) {
        try (Stream<Path> files = Files.walk(dir, 4)) {
            for (Path f : files.filter(FittedPreprocessing::isStageMetadata).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String cls = JSON.readTree(line).path("class").asText();
                    boolean root = f.getParent().getParent().equals(dir);
                    if (root ? !cls.equals(PipelineModel.class.getName()) : !STAGES.contains(cls)) {
                        throw new DataException(dir + ": " + dir.relativize(f) + " names class '" + cls
                                + "', which is not a pipeline stage sparkfit writes");
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException d) {
                throw d;
            }
            throw new DataException(dir + ": the pipeline metadata is not readable ("
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
    }

    private static boolean isStageMetadata(Path f) {
        return f.getFileName().toString().startsWith("part-") && f.getParent().getFileName().toString().equals("metadata");
    }
}
