package dev.sparkfit.data;

import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.util.List;

/**
 * The fitted feature pipeline: statistics (means, category lists, scale) learned from training
 * rows only. Saved beside the network in Spark ML's own format, which is JSON and Parquet and never
 * Java serialization.
 *
 * @param featureNames one name per network input, in vector order
 */
public record FittedPreprocessing(PipelineModel pipeline, List<String> featureNames) {

    public FittedPreprocessing {
        featureNames = List.copyOf(featureNames);
    }

    public int width() {
        return featureNames.size();
    }

    /** Adds the {@value Preprocessing#FEATURES} vector column. */
    public Dataset<Row> transform(Dataset<Row> rows) {
        return pipeline.transform(rows);
    }

    public void save(String dir) throws IOException {
        pipeline.write().save(dir);
    }

    public static FittedPreprocessing load(String dir, List<String> featureNames) {
        return new FittedPreprocessing(PipelineModel.load(dir), featureNames);
    }
}
