package dev.sparkfit.job;

import dev.sparkfit.config.DataSource;
import dev.sparkfit.artifact.LayerSummary;
import dev.sparkfit.artifact.Metadata;
import dev.sparkfit.artifact.ModelStore;
import dev.sparkfit.artifact.ModelSummaries;
import dev.sparkfit.config.DataFormat;
import dev.sparkfit.data.Block;
import dev.sparkfit.data.Blocks;
import dev.sparkfit.data.DataReader;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.eval.Diagnostics;
import dev.sparkfit.train.Seeds;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code sparkfit inspect}: a saved model's layers and provenance and, given rows, the diagnostics of
 * {@link Diagnostics} over every row (read and prepared as {@code evaluate} does). Prints readable
 * lines and returns the same as one map for the JSON line and {@code inspect.json}.
 */
public final class InspectJob {

    /** Minibatches per partition, and their size, for the gradient norms. */
    static final int GRADIENT_BATCHES = 8;
    static final int BATCH_SIZE = 32;

    private InspectJob() {
    }

    /** The summary of the model in {@code modelDir}; needs no Spark session. */
    public static Map<String, Object> summary(Path modelDir, Consumer<String> console) throws IOException {
        MultiLayerNetwork net = ModelStore.network(modelDir);
        Metadata m = Metadata.read(modelDir.resolve(ModelStore.METADATA));
        List<LayerSummary> layers = ModelSummaries.of(net.getLayerWiseConfigurations());
        console.accept("model: " + modelDir);
        ModelSummaries.table(layers).forEach(console);
        console.accept("task: " + m.task() + " of '" + m.label() + "'" + (m.classes().isEmpty() ? ""
                : " into " + m.classes()) + "; output " + m.outputActivation() + ", loss " + m.loss());
        console.accept("features: " + (m.vectorColumn() != null ? "vector column '" + m.vectorColumn() + "'"
                : "numeric " + m.numericColumns() + ", categorical " + m.categoricalColumns())
                + " -> " + m.nIn() + " inputs");
        console.accept("trained on " + m.trainRows() + " rows (" + m.valRows() + " validation), seed " + m.seed()
                + ", spec hash " + m.specHash());
        console.accept("saved " + m.createdAt() + " by sparkfit " + m.sparkfitVersion() + " (Spark "
                + m.sparkVersion() + ", DL4J " + m.dl4jVersion() + ", Java " + m.javaVersion() + ")");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", modelDir.toString());
        out.put("layers", layers);
        out.put("total_params", ModelSummaries.totalParams(layers));
        out.put("metadata", m);
        return out;
    }

    /** The summary, then the diagnostics on the rows at {@code data}; gradients only when they carry labels. */
    public static Map<String, Object> run(SparkSession spark, Path modelDir, DataSource data, Consumer<String> console)
            throws IOException {
        Map<String, Object> out = summary(modelDir, console);
        ModelStore.LoadedModel model = ModelStore.load(modelDir);
        Metadata m = model.metadata();
        boolean labelled = Arrays.asList(DataReader.open(spark, data).rows().columns()).contains(m.label());
        if (!labelled) {
            console.accept("no label column '" + m.label() + "' in " + data.where()
                    + ": dead and saturated units only (gradient norms need labels)");
        }
        InputTable table = PredictJob.read(spark, m, data, labelled, false);
        JavaRDD<Block> blocks = Blocks.pack(model.preprocessing().transform(table.rows()),
                labelled ? table.label() : null, model.head(), m.nIn(), 0);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        spark.sparkContext().setJobDescription("sparkfit inspect " + data.where());
        Diagnostics.Result r;
        try {
            Diagnostics.Sampling every = new Diagnostics.Sampling(Integer.MAX_VALUE, labelled ? GRADIENT_BATCHES : 0,
                    BATCH_SIZE, Seeds.derive(m.seed(), "inspect"));
            MultiLayerNetwork net = model.network();
            r = Diagnostics.compute(jsc, blocks, net.params().toFloatVector(),
                    net.getLayerWiseConfigurations().toJson(), every);
        } finally {
            blocks.unpersist(false);
            table.release();
        }
        lines(r).forEach(console);
        out.put("diagnostics", json(r));
        return out;
    }

    static List<String> lines(Diagnostics.Result r) {
        List<String> lines = new ArrayList<>();
        lines.add("diagnostics on " + r.rows() + " rows" + (r.gradientBatches() == 0 ? ""
                : "; gradient norms on " + r.gradientBatches() + " minibatches of up to " + BATCH_SIZE + " rows"));
        for (Diagnostics.LayerHealth l : r.layers()) {
            StringBuilder b = new StringBuilder("layer " + l.number() + " " + l.activation()
                    + (l.output() ? " (output)" : "") + ":");
            if (!l.output()) {
                b.append(' ').append(Math.round(100 * l.deadFraction())).append("% dead");
            }
            if (!Double.isNaN(l.saturatedFraction())) {
                b.append(", ").append(Math.round(100 * l.saturatedFraction())).append("% saturated");
            }
            if (!Double.isNaN(l.gradientNorm())) {
                b.append(l.output() ? " " : ", ").append(String.format(Locale.ROOT, "gradient norm %.3g", l.gradientNorm()));
            }
            lines.add(b.toString());
        }
        if (!Double.isNaN(r.gradientRatio())) {
            lines.add(String.format(Locale.ROOT, "gradient norm of layer 1 / layer %d: %.3g", r.layers().size(),
                    r.gradientRatio()));
        }
        List<Diagnostics.Verdict> verdicts = r.verdicts();
        verdicts.forEach(v -> lines.add("verdict: " + v.text()));
        if (verdicts.isEmpty()) {
            lines.add("verdict: no layer has mostly dead or saturated units" + (r.gradientBatches() == 0 ? ""
                    : ", and gradients do not vanish"));
        }
        return lines;
    }

    static Map<String, Object> json(Diagnostics.Result r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("rows", r.rows());
        d.put("gradient_minibatches", r.gradientBatches());
        List<Map<String, Object>> layers = new ArrayList<>();
        for (Diagnostics.LayerHealth l : r.layers()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("layer", l.number());
            row.put("activation", l.activation());
            row.put("units", l.units());
            row.put("output", l.output());
            row.put("dead_frac", finite(l.deadFraction()));
            row.put("saturated_frac", finite(l.saturatedFraction()));
            row.put("grad_norm", finite(l.gradientNorm()));
            layers.add(row);
        }
        d.put("layers", layers);
        d.put("grad_norm_ratio_first_last", finite(r.gradientRatio()));
        d.put("verdicts", r.verdicts().stream().map(Diagnostics.Verdict::text).toList());
        return d;
    }

    /** JSON has no NaN: unmeasured values are null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
