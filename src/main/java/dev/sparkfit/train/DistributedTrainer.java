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

    /**
     * The engine {@code training.engine} names: sparkfit's averaging engine (with the fused step, or with
     * DL4J's {@code fit} on every worker), or DL4J's {@code ParameterAveragingTrainingMaster}. A switch
     * over every engine, so a new one does not compile until it is placed here.
     */
    static DistributedTrainer of(TrainingContext context) {
        Engine engine = context.spec().engine();
        return switch (engine) {
            case AVERAGING, AVERAGING_DL4J_FIT -> new AveragingTrainer(context);
            case DL4J_PARAMAVG -> new Dl4jParamAvgTrainer(context);
        };
    }
}
