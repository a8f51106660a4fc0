package dev.sparkfit.cli;

import dev.sparkfit.job.PredictJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sparkfit predict}: writes the input rows plus predictions, as CSV or Parquet. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict with a saved model; output is CSV, or Parquet when it ends in .parquet.")
public final class PredictCommand implements Callable<Integer> {

    @Mixin
    ModelInput in;

    @Option(names = "--output", required = true, description = "output folder (.parquet for Parquet, else CSV)")
    String output;

    @Mixin
    SparkOptions sparkOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        long rows = sparkOptions.withSession("sparkfit predict", "local[*]", Map.of(),
                spark -> PredictJob.run(spark, in.model, in.input, output));
        command.commandLine().getOut().println("wrote " + rows + " predictions to " + output);
        return ExitCodes.OK;
    }
}
