package dev.sparkfit.bench;

import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.ElementwiseProduct;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Spark MLlib's {@code MultilayerPerceptronClassifier} (sigmoid hidden layers, L-BFGS) on the same
 * layer sizes, given the wall-clock budget sparkfit used: one short run measures the seconds per
 * L-BFGS iteration, the second gets as many iterations as fit the budget.
 */
final class MllibSystem {

    private MllibSystem() {
    }

    static BenchResult run(SparkSession spark, BenchOptions o, double budgetSeconds) throws java.io.IOException {
        long t0 = System.nanoTime();
        Dataset<Row> train = read(spark, o.train()).cache();
        Dataset<Row> test = read(spark, o.test()).cache();
        int classes = (int) train.agg(org.apache.spark.sql.functions.max("label")).first().getDouble(0) + 1;
        int[] layers = IntStream.concat(IntStream.concat(IntStream.of(784), o.hidden().stream().mapToInt(i -> i)),
                IntStream.of(Math.max(classes, 2))).toArray();
        train.count();
        long t1 = System.nanoTime();
        mlp(layers, 2, o.seed()).fit(train);
        double perIteration = (System.nanoTime() - t1) / 1e9 / 2;
        int iterations = Double.isFinite(budgetSeconds) && budgetSeconds > 0
                ? (int) Math.max(1, Math.min(200, Math.floor(budgetSeconds / perIteration))) : 30;
        long t2 = System.nanoTime();
        MultilayerPerceptronClassificationModel model = mlp(layers, iterations, o.seed()).fit(train);
        double trained = (System.nanoTime() - t2) / 1e9;
        java.nio.file.Path saved = java.nio.file.Files.createTempDirectory("mllib-bench-");
        model.write().overwrite().save(saved.resolve("model").toString());
        double toModel = BenchResult.sinceProcessStart();
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(model.transform(test));
        double toTest = BenchResult.sinceProcessStart();
        dev.sparkfit.artifact.ModelStore.deleteRecursively(saved);
        // Its time to the model includes the short run that measures an iteration's cost.
        return new BenchResult("mllib-mlp", iterations + " L-BFGS iterations in " + Math.round(trained)
                + " s (budget " + Math.round(budgetSeconds) + " s), sigmoid hidden layers",
                List.of(), accuracy, (System.nanoTime() - t0) / 1e9, Double.NaN, toModel, toTest);
    }

    private static MultilayerPerceptronClassifier mlp(int[] layers, int iterations, long seed) {
        return new MultilayerPerceptronClassifier().setLayers(layers).setMaxIter(iterations).setSeed(seed)
                .setBlockSize(128).setSolver("l-bfgs").setTol(0);
    }

    /** label + pixel columns as doubles (explicit schema, no inference pass), pixels scaled by 1/255. */
    static Dataset<Row> read(SparkSession spark, String file) {
        String[] header = spark.read().option("header", true).csv(file).columns();
        StructField[] fields = Arrays.stream(header)
                .map(c -> DataTypes.createStructField(c, DataTypes.DoubleType, false)).toArray(StructField[]::new);
        Dataset<Row> df = spark.read().schema(new StructType(fields)).option("header", true).csv(file);
        String[] pixels = Arrays.copyOfRange(header, 1, header.length);
        Dataset<Row> assembled = new VectorAssembler().setInputCols(pixels).setOutputCol("raw").transform(df);
        double[] scale = new double[pixels.length];
        Arrays.fill(scale, 1 / 255.0);
        return new ElementwiseProduct().setScalingVec(Vectors.dense(scale)).setInputCol("raw").setOutputCol("features")
                .transform(assembled).select(header[0], "features").withColumnRenamed(header[0], "label");
    }
}
