package dev.sparkfit.train;

import dev.sparkfit.config.TrainingSpec;
import dev.sparkfit.eval.MetricSet;
import dev.sparkfit.model.Head;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/**
 * What every engine is given: the Spark context, the training settings, the output head, the network
 * configuration, the parameters to start from ({@code model.init_from}; null: the configuration's
 * seeded random ones), how the run reports and checkpoints itself, the metrics it reports and the
 * weight of each class in the loss ({@code training.class_weight} resolved; null: every class 1) and the
 * optimizer's learning-rate schedule (null: constant).
 */
public record TrainingContext(JavaSparkContext jsc, TrainingSpec spec, Head head, MultiLayerConfiguration conf,
                              float[] initialParams, RunControl control, MetricSet metrics, float[] classWeights,
                              dev.sparkfit.config.ScheduleSpec schedule) {

    /** {@code optimizer.schedule}; a constant rate when none was given. */
    public dev.sparkfit.config.ScheduleSpec optimizerSchedule() {
        return schedule == null ? dev.sparkfit.config.ScheduleSpec.none() : schedule;
    }

    /** With the task's default metrics and no class weights. */
    public TrainingContext(JavaSparkContext jsc, TrainingSpec spec, Head head, MultiLayerConfiguration conf,
                           float[] initialParams, RunControl control) {
        this(jsc, spec, head, conf, initialParams, control, MetricSet.defaults(head), null, null);
    }

    /** Starting from the configuration's seeded random parameters. */
    public static TrainingContext of(JavaSparkContext jsc, TrainingSpec spec, Head head, MultiLayerConfiguration conf,
                                     RunControl control) {
        return new TrainingContext(jsc, spec, head, conf, null, control);
    }
}
