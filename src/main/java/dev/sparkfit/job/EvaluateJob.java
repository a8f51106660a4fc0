package dev.sparkfit.job;

import dev.sparkfit.artifact.ModelStore;
import dev.sparkfit.config.DataSource;
import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.ModelSpec;
import dev.sparkfit.data.Block;
import dev.sparkfit.data.Blocks;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.eval.EvalSums;
import dev.sparkfit.eval.Metrics;
import dev.sparkfit.eval.Scorer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code sparkfit evaluate}: a saved model's metrics on labelled rows, as a distributed scoring job. */
public final class EvaluateJob {

    private EvaluateJob() {
    }

    public static Map<String, Object> run(SparkSession spark, Path modelDir, DataSource input) throws IOException {
        ModelStore.LoadedModel model = ModelStore.load(modelDir);
        InputTable table = PredictJob.read(spark, model.metadata(), input, true, false);
        // From the checked arrays when the read gave them (no DataFrame of 785 columns in between), else the rows.
        JavaRDD<Block> blocks = table.checked() != null
                ? Blocks.pack(table.checked().all(), model.preprocessing(),
                        MissingPolicy.valueOf(model.metadata().missing().toUpperCase(Locale.ROOT)), model.head(), 0)
                : Blocks.pack(model.preprocessing().transform(table.rows()), table.label(),
                        model.head(), model.metadata().nIn(), 0);
        MultiLayerNetwork net = model.network();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        spark.sparkContext().setJobDescription("sparkfit evaluate " + input.where());
        EvalSums sums;
        try {
            sums = Scorer.score(jsc, blocks, net.params().toFloatVector(),
                    net.getLayerWiseConfigurations().toJson(), model.head());
        } finally {
            blocks.unpersist(false);
            table.release();
        }
        // Every metric of the task: a saved model does not remember which ones its run reported.
        Map<String, Object> out = new LinkedHashMap<>(Metrics.of(sums, model.head(), "", Metrics.all(model.head()),
                ModelSpec.TOP_K_DEFAULT));
        if (model.head().classification() && model.head().classes().size() > 2) {
            out.put("per_class", Metrics.perClass(sums, model.head()));
        }
        out.put("rows", sums.rows());
        if (model.head().classification()) {
            out.put("classes", model.head().classes());
            List<List<Long>> matrix = new ArrayList<>();
            for (long[] row : sums.confusionMatrix()) {
                matrix.add(java.util.Arrays.stream(row).boxed().toList());
            }
            out.put("confusion_matrix", matrix);
        }
        return out;
    }
}
