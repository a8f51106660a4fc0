package dev.sparkfit.ml;

import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;


/**
 * Spark ML's writer and reader for the fitted models: the params as Spark's own {@code metadata/}
 * (so PipelineModel and CrossValidatorModel find the class), the network and the training summary
 * beside it in {@link FittedNetwork}'s checked format; every file through Hadoop's FileSystem.
 */
final class ModelIO {

    private ModelIO() {
    }

    static final class Writer extends MLWriter {
        private final Params model;
        private final FittedNetwork network;
        private final TrainingSummary summary;

        Writer(Params model, FittedNetwork network, TrainingSummary summary) {
            this.model = model;
            this.network = network;
            this.summary = summary;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(model, path, sc(), Option.empty(), Option.empty());
            try {
                network.save(path, sc().hadoopConfiguration(), summary);
            } catch (IOException e) {
                throw new UncheckedIOException(path + ": " + e.getMessage(), e);
            }
        }
    }

    static final class Reader<M extends Params> extends MLReader<M> {
        private final Class<M> type;
        private final BiFunction<String, FittedNetwork, M> make;
        private final BiConsumer<M, TrainingSummary> attach;

        Reader(Class<M> type, BiFunction<String, FittedNetwork, M> make, BiConsumer<M, TrainingSummary> attach) {
            this.type = type;
            this.make = make;
            this.attach = attach;
        }

        @Override
        public M load(String path) {
            DefaultParamsReader.Metadata meta = DefaultParamsReader$.MODULE$.loadMetadata(path, sc(), type.getName());
            FittedNetwork.Saved net;
            try {
                net = FittedNetwork.load(path, sc().hadoopConfiguration());
            } catch (IOException e) {
                throw new UncheckedIOException(path + ": " + e.getMessage(), e);
            }
            M model = make.apply(meta.uid(), net.network());
            attach.accept(model, net.summary());
            meta.getAndSetParams(model, Option.empty());
            return model;
        }
    }

}
