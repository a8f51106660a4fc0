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
            java.nio.file.Path abs = metricsFile.toAbsolutePath();
            java.nio.file.Files.createDirectories(abs.getParent());
            java.nio.file.Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
            java.nio.file.Files.writeString(tmp, new com.fasterxml.jackson.databind.ObjectMapper()
                    .writerWithDefaultPrettyPrinter().writeValueAsString(metrics));
            java.nio.file.Files.move(tmp, abs, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Console.result(command.commandLine().getOut(), metrics);
        return ExitCodes.OK;
    }
}
