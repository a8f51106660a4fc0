package dev.sparkfit.data;

import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.PreprocessSpec;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.ElementwiseProduct;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;

/**
 * The unfitted feature pipeline, built from Spark ML's own transformers: fill empty numeric cells
 * (Imputer with the mean, or zero), index and one-hot encode categorical columns (unseen values go
 * to an extra "unknown" slot), assemble one vector and, if asked, z-score it.
 * {@link #fit} sees the training rows only.
 */
public final class Preprocessing {

    /** Name of the assembled (and scaled) feature vector column. */
    public static final String FEATURES = "features";

    private final List<String> numeric;
    private final List<String> categorical;
    private final String vectorColumn;
    private final MissingPolicy missing;
    private final boolean standardize;
    private final double rescale;

    public Preprocessing(InputTable table, MissingPolicy missing, PreprocessSpec spec) {
        this.rescale = spec.rescale();
        this.standardize = spec.standardize();
        this.numeric = table.numeric();
        this.categorical = table.categorical();
        this.vectorColumn = table.vectorColumn();
        this.missing = missing;
    }

    public FittedPreprocessing fit(Dataset<Row> trainingRows) {
        List<PipelineStage> stages = new ArrayList<>();
        List<String> assembled = new ArrayList<>();
        if (vectorColumn != null) {
            assembled.add(vectorColumn);
        }
        if (!numeric.isEmpty()) {
            String[] in = numeric.toArray(new String[0]);
            String[] out = numeric.stream().map(c -> c + "__filled").toArray(String[]::new);
            if (missing == MissingPolicy.ZERO) {
                StringBuilder sql = new StringBuilder("SELECT *");
                for (int i = 0; i < in.length; i++) {
                    sql.append(", coalesce(`").append(in[i]).append("`, 0.0) AS `").append(out[i]).append('`');
                }
                stages.add(new SQLTransformer().setStatement(sql.append(" FROM __THIS__").toString()));
            } else {
                // With missing: fail, RowChecks already refused empty cells; the imputer is then a no-op.
                stages.add(new Imputer().setStrategy("mean").setInputCols(in).setOutputCols(out));
            }
            if (rescale == 1.0) {
                assembled.addAll(List.of(out));
            } else {
                // Rescaling as Keras' Rescaling layer: one constant factor on every numeric input.
                double[] factor = new double[out.length];
                java.util.Arrays.fill(factor, rescale);
                stages.add(new VectorAssembler().setInputCols(out).setOutputCol("numeric__vector"));
                stages.add(new ElementwiseProduct().setInputCol("numeric__vector").setOutputCol("numeric__rescaled")
                        .setScalingVec(Vectors.dense(factor)));
                assembled.add("numeric__rescaled");
            }
        }
        if (!categorical.isEmpty()) {
            String[] in = categorical.toArray(new String[0]);
            String[] idx = categorical.stream().map(c -> c + "__index").toArray(String[]::new);
            String[] ohe = categorical.stream().map(c -> c + "__onehot").toArray(String[]::new);
            stages.add(new StringIndexer().setInputCols(in).setOutputCols(idx)
                    .setHandleInvalid("keep").setStringOrderType("alphabetAsc"));
            stages.add(new OneHotEncoder().setInputCols(idx).setOutputCols(ohe)
                    .setDropLast(false)); // unseen values arrive as the indexer's extra "unknown" index
            assembled.addAll(List.of(ohe));
        }
        String raw = standardize ? FEATURES + "__raw" : FEATURES;
        stages.add(new VectorAssembler().setInputCols(assembled.toArray(new String[0])).setOutputCol(raw));
        if (standardize) {
            stages.add(new StandardScaler().setInputCol(raw).setOutputCol(FEATURES)
                    .setWithMean(true).setWithStd(true));
        }
        PipelineModel model = new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(trainingRows);
        return new FittedPreprocessing(model, featureNames(model, trainingRows));
    }

    private List<String> featureNames(PipelineModel model, Dataset<Row> rows) {
        List<String> names = new ArrayList<>();
        if (vectorColumn != null) {
            int n = ((org.apache.spark.ml.linalg.Vector) rows.select(vectorColumn).first().get(0)).size();
            for (int i = 0; i < n; i++) {
                names.add(vectorColumn + "[" + i + "]");
            }
        }
        names.addAll(numeric);
        for (PipelineStage stage : model.stages()) {
            if (stage instanceof StringIndexerModel indexer) {
                String[][] labels = indexer.labelsArray();
                for (int c = 0; c < categorical.size(); c++) {
                    for (String v : labels[c]) {
                        names.add(categorical.get(c) + "=" + v);
                    }
                    names.add(categorical.get(c) + "=<unknown>");
                }
            }
        }
        return names;
    }
}
