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

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Output out;

    /** A folder, or a new table of the catalog. */
    static final class Output {
        @Option(names = "--output", description = "output folder (.parquet for Parquet, else CSV)")
        String path;

        @Option(names = "--output-table", description = "a new table of the catalog (Parquet), e.g. db.scored;"
                + " published only once complete")
        String table;
    }

    @Mixin
    SparkOptions sparkOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        long rows = sparkOptions.withSession("sparkfit predict", "local[*]", Map.of(),
                spark -> PredictJob.run(spark, in.model, in.rows.source(), out.path, out.table));
        command.commandLine().getOut().println("wrote " + rows + " predictions to "
                + (out.path != null ? out.path : "table " + out.table));
        return ExitCodes.OK;
    }
}
