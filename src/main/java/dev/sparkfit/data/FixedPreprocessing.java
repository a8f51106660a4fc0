package dev.sparkfit.data;

import dev.sparkfit.config.MissingPolicy;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.ElementwiseProduct;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A feature pipeline that learns nothing from data, for a network trained elsewhere (an imported Keras
 * model): numeric columns go into the vector as they are, in the given order, after an optional
 * constant factor ({@code preprocess.rescale}) and, with {@code missing: zero}, zeros for empty cells.
 * With {@code missing: fail} empty cells are bad rows before the pipeline sees them.
 */
public final class FixedPreprocessing {

    private FixedPreprocessing() {
    }

    /**
     * @param vectorColumn a vector input column (libsvm) assembled first, or null
     * @param vectorWidth  its width (0 without one)
     */
    public static FittedPreprocessing of(SparkSession spark, List<String> numeric, String vectorColumn,
                                         int vectorWidth, MissingPolicy missing, double rescale) {
        if (missing == MissingPolicy.MEAN) {
            throw new IllegalArgumentException("missing: mean needs statistics; a fixed pipeline has none");
        }
        List<PipelineStage> stages = new ArrayList<>();
        List<String> assembled = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<StructField> fields = new ArrayList<>();
        if (vectorColumn != null) {
            assembled.add(vectorColumn);
            fields.add(DataTypes.createStructField(vectorColumn, SQLDataTypes.VectorType(), true));
            for (int i = 0; i < vectorWidth; i++) {
                names.add(vectorColumn + "[" + i + "]");
            }
        }
        if (!numeric.isEmpty()) {
            List<String> cols = numeric;
            if (missing == MissingPolicy.ZERO) {
                cols = numeric.stream().map(c -> Preprocessing.INTERNAL + "filled_" + c).toList();
                stages.add(Preprocessing.fillEmpty(numeric, cols, new double[numeric.size()]));
            }
            if (rescale == 1.0) {
                assembled.addAll(cols);
            } else {
                double[] factor = new double[cols.size()];
                Arrays.fill(factor, rescale);
                stages.add(new VectorAssembler().setInputCols(cols.toArray(new String[0])).setOutputCol(Preprocessing.INTERNAL + "numeric"));
                stages.add(new ElementwiseProduct().setInputCol(Preprocessing.INTERNAL + "numeric")
                        .setOutputCol(Preprocessing.INTERNAL + "rescaled")
                        .setScalingVec(Vectors.dense(factor)));
                assembled.add(Preprocessing.INTERNAL + "rescaled");
            }
            numeric.forEach(c -> fields.add(DataTypes.createStructField(c, DataTypes.DoubleType, true)));
            names.addAll(numeric);
        }
        stages.add(new VectorAssembler().setInputCols(assembled.toArray(new String[0]))
                .setOutputCol(Preprocessing.FEATURES));
        // Only transformers: fitting reads the schema of an empty table and no rows.
        Dataset<Row> empty = spark.createDataFrame(List.of(), new StructType(fields.toArray(new StructField[0])));
        PipelineModel model = new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(empty);
        return new FittedPreprocessing(model, names);
    }
}
