package dev.sparkfit.job;

import dev.sparkfit.artifact.ModelStore;
import dev.sparkfit.artifact.export.DenseStack;
import dev.sparkfit.artifact.export.ExportModel;
import dev.sparkfit.artifact.export.ExportSummary;
import dev.sparkfit.artifact.export.Exports;
import dev.sparkfit.artifact.export.ModelExporter;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@code sparkfit export}: a saved model in a format other runtimes read (ONNX, Keras HDF5). The
 * network is checked against the format before Spark starts ({@link #check}); the fitted preprocessing
 * needs Spark to be read.
 */
public final class ExportJob {

    private ExportJob() {
    }

    /** Refuses, before any Spark work, a network {@code format} cannot hold. Needs no Spark session. */
    public static ModelExporter check(Path modelDir, String format) throws IOException {
        ModelExporter exporter = ModelExporter.forFormat(format);
        exporter.check(DenseStack.of(ModelStore.network(modelDir), format));
        return exporter;
    }

    public static ExportSummary run(SparkSession spark, Path modelDir, String format, Path out, boolean overwrite,
                                    Consumer<String> console) throws IOException {
        ModelExporter exporter = check(modelDir, format);
        ModelStore.LoadedModel loaded = ModelStore.load(modelDir);
        ExportModel model = ExportModel.of(loaded, format);
        ExportSummary summary = Exports.write(exporter, model, out, overwrite);
        summary.inputs().forEach(t -> console.accept("input " + describe(t)));
        summary.outputs().forEach(t -> console.accept("output " + describe(t)));
        console.accept("exported " + modelDir + " as " + format + ": " + summary.file() + " (" + summary.bytes() + " bytes)");
        return summary;
    }

    /** "numeric (double [N, 1]): [age]". */
    private static String describe(ExportSummary.Tensor t) {
        String shape = t.shape().stream().map(d -> d == null ? "N" : String.valueOf(d)).toList().toString();
        return t.name() + " (" + t.type() + " " + shape + ")" + (t.columns() == null ? "" : ": " + t.columns());
    }
}
