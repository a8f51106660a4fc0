package dev.sparkfit.cli;

import dev.sparkfit.artifact.export.ExportSummary;
import dev.sparkfit.artifact.export.ModelExporter;
import dev.sparkfit.job.ExportJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sparkfit export --model DIR --format onnx|keras-h5 --out FILE}: a model for other runtimes. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a saved model for serving elsewhere: onnx (preprocessing inside the graph, raw input"
                + " columns in) or keras-h5 (a Keras 2 HDF5 file, standardization folded into the first layer)."
                + " The last stdout line is a JSON summary of the file, its inputs and outputs.")
public final class ExportCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "model directory (RUN/model)")
    Path model;

    @Option(names = "--format", required = true, description = "onnx or keras-h5")
    String format;

    @Option(names = "--out", required = true, description = "the file to write")
    Path out;

    @Option(names = "--overwrite", description = "replace an existing --out file (only once the new one is complete)")
    boolean overwrite;

    @Mixin
    SparkOptions sparkOptions;

    @Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = command.commandLine();
        if (!ModelExporter.FORMATS.contains(format)) {
            throw new CommandLine.ParameterException(cmd, "--format: '" + format + "' is not one of "
                    + String.join(", ", ModelExporter.FORMATS));
        }
        if (Files.isDirectory(out) || (!overwrite && Files.exists(out))) {
            throw new CommandLine.ParameterException(cmd, "--out: " + out + " already exists"
                    + (Files.isDirectory(out) ? " as a directory" : " (choose another file or add --overwrite)"));
        }
        ExportJob.check(model, format); // a network the format cannot hold is refused before Spark starts
        ExportSummary summary = sparkOptions.withSession("sparkfit export " + format, "local[1]", Map.of(),
                spark -> ExportJob.run(spark, model, format, out, overwrite, Console.lines(cmd.getOut())));
        Console.result(cmd.getOut(), summary);
        return ExitCodes.OK;
    }
}
