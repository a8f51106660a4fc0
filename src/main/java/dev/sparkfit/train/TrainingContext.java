package dev.sparkfit.train;

import dev.sparkfit.config.TrainingSpec;
import dev.sparkfit.model.Head;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/**
 * What every engine is given: the Spark context, the training settings, the output head, the network
 * configuration, the parameters to start from ({@code model.init_from}; null: the configuration's
 * seeded random ones) and how the run reports and checkpoints itself.
 */
public record TrainingContext(JavaSparkContext jsc, TrainingSpec spec, Head head, MultiLayerConfiguration conf,
                              float[] initialParams, RunControl control) {

    /** Starting from the configuration's seeded random parameters. */
    public static TrainingContext of(JavaSparkContext jsc, TrainingSpec spec, Head head, MultiLayerConfiguration conf,
                                     RunControl control) {
        return new TrainingContext(jsc, spec, head, conf, null, control);
    }
}
