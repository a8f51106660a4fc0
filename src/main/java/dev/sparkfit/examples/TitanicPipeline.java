package dev.sparkfit.examples;

import dev.sparkfit.ml.DenseNetClassifier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;

/**
 * The README's Java example as a program for {@code spark-submit}: a Pipeline with
 * {@link DenseNetClassifier} fitted on the titanic sample, judged by Spark's BinaryClassificationEvaluator,
 * saved, loaded back and judged again. Prints {@code auc=...} and {@code reloaded_auc=...}, one a line.
 * <pre>spark-submit --class dev.sparkfit.examples.TitanicPipeline target/sparkfit-VERSION-spark.jar \
 *     data-samples/titanic.csv models/titanic</pre>
 */
public final class TitanicPipeline {

    private TitanicPipeline() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: TitanicPipeline TITANIC_CSV MODEL_DIR (the directory must not exist)");
            System.exit(2);
        }
        String modelDir = args[1];
        SparkSession spark = SparkSession.builder().appName("sparkfit TitanicPipeline").getOrCreate();
        Dataset<Row> rows = spark.read().option("header", true).csv(args[0])
                .selectExpr("survived", "sex", "passengerClass", "cast(age as double) age").na().drop();
        // The README's lines, as they are run here:
        DenseNetClassifier net = new DenseNetClassifier().setHiddenUnits(new int[] {8}).setEpochs(6)
                .setLearningRate(0.02).setWorkers(2).setSeed(7).setPatience(0);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
                new StringIndexer().setInputCol("survived").setOutputCol("label"),
                new StringIndexer().setInputCols(new String[] {"sex", "passengerClass"})
                        .setOutputCols(new String[] {"sexIndex", "classIndex"}),
                new VectorAssembler().setInputCols(new String[] {"sexIndex", "classIndex", "age"}).setOutputCol("raw"),
                new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true),
                net});
        PipelineModel model = pipeline.fit(rows);             // rows: titanic.csv, age cast to double, nulls dropped
        double auc = new BinaryClassificationEvaluator().evaluate(model.transform(rows));
        model.write().save(modelDir);                         // PipelineModel.load(modelDir) reads it back
        // End of the README's lines.
        double reloaded = new BinaryClassificationEvaluator().evaluate(PipelineModel.load(modelDir).transform(rows));
        System.out.println("auc=" + auc);
        System.out.println("reloaded_auc=" + reloaded);
        spark.stop();
    }
}
