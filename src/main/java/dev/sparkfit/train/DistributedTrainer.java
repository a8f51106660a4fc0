package dev.sparkfit.train;

import dev.sparkfit.config.Engine;
import dev.sparkfit.data.Block;
import org.apache.spark.api.java.JavaRDD;

/**
 * A data-parallel training engine: trains the context's network on cached blocks (one per worker)
 * with the shared per-epoch bookkeeping of {@link EpochLoop}. {@link #of} picks the engine the spec names.
 */
public interface DistributedTrainer {

    /** Trains on {@code train} (one cached block per worker); {@code val} may be null. */
    TrainResult fit(JavaRDD<Block> train, JavaRDD<Block> val);

    /** sparkfit's averaging engine, or DL4J's {@code ParameterAveragingTrainingMaster} for {@code dl4j-paramavg}. */
    static DistributedTrainer of(TrainingContext context) {
        return context.spec().engine() == Engine.DL4J_PARAMAVG ? new Dl4jParamAvgTrainer(context)
                : new AveragingTrainer(context);
    }
}
