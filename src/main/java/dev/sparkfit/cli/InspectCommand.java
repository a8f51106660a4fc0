package dev.sparkfit.cli;

import dev.sparkfit.io.AtomicFiles;
import dev.sparkfit.io.Json;
import dev.sparkfit.job.InspectJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sparkfit inspect}: a saved model's layers and provenance, like Keras' {@code model.summary()};
 * with {@code --data}, dead and saturated units and gradient norms on those rows, with verdicts.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Summarise a saved model; with --data, look for dead units, saturated units and vanishing"
                + " gradients on those rows. The last stdout line is the result as JSON.")
public final class InspectCommand implements Callable<Integer> {

    static final String FILE = "inspect.json";

    @Option(names = "--model", required = true, description = "model directory (RUN/model)")
    Path model;

    @picocli.CommandLine.ArgGroup(exclusive = true)
    Rows data;

    /** At most one of files, a table or a query. */
    static final class Rows {
        @Option(names = "--data", description = "rows to diagnose (csv, parquet, orc, libsvm); the label column is"
                + " needed only for gradient norms")
        String path;

        @Option(names = "--data-table", description = "rows to diagnose from a table or view of the catalog")
        String table;

        @Option(names = "--data-sql", description = "rows to diagnose from a query")
        String sql;

        dev.sparkfit.config.DataSource source() {
            return path != null ? new dev.sparkfit.config.DataSource.Files(path, dev.sparkfit.config.DataFormat.AUTO)
                    : table != null ? new dev.sparkfit.config.DataSource.Table(table)
                    : new dev.sparkfit.config.DataSource.Query(sql);
        }
    }

    @Option(names = "--out", description = "also write " + FILE + " into this directory")
    Path out;

    @Option(names = "--overwrite", description = "replace an existing " + FILE + " in --out")
    boolean overwrite;

    @Mixin
    SparkOptions sparkOptions;

    @Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = command.commandLine();
        if (out != null && !overwrite && Files.exists(out.resolve(FILE))) {
            throw new CommandLine.ParameterException(cmd, "--out: " + out.resolve(FILE)
                    + " already exists (choose another directory or add --overwrite)");
        }
        var lines = Console.lines(cmd.getOut());
        Map<String, Object> result = data == null ? InspectJob.summary(model, lines)
                : sparkOptions.withSession("sparkfit inspect", "local[*]", Map.of(),
                        spark -> InspectJob.run(spark, model, data.source(), lines));
        if (out != null) {
            AtomicFiles.writeString(out.resolve(FILE), Json.pretty(result));
            lines.accept("wrote " + out.resolve(FILE));
        }
        Console.result(cmd.getOut(), result);
        return ExitCodes.OK;
    }
}
