package dev.sparkfit.cli;

import dev.sparkfit.job.EvaluateJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sparkfit evaluate}: prints a saved model's metrics on labelled rows as one JSON line. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on labelled rows; prints the metrics as JSON.")
public final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    ModelInput in;

    @Mixin
    SparkOptions sparkOptions;

    @picocli.CommandLine.Option(names = "--metrics", description = "also write the metrics JSON to this file (atomically)")
    java.nio.file.Path metricsFile;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> metrics = sparkOptions.withSession("sparkfit evaluate", "local[*]", Map.of(),
                spark -> EvaluateJob.run(spark, in.model, in.rows.source()));
        if (metricsFile != null) {
            dev.sparkfit.io.AtomicFiles.writeString(metricsFile, dev.sparkfit.io.Json.pretty(metrics));
        }
        Console.result(command.commandLine().getOut(), metrics);
        return ExitCodes.OK;
    }
}
