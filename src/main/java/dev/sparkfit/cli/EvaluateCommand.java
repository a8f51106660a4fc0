package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.job.EvaluateJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sparkfit evaluate}: prints a saved model's metrics on labelled rows as one JSON line. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on labelled rows; prints the metrics as JSON.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "model directory (RUN/model)")
    Path model;

    @Option(names = "--input", required = true, description = "labelled input file or folder")
    String input;

    @Mixin
    SparkOptions sparkOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> metrics = sparkOptions.withSession("sparkfit evaluate", "local[*]", Map.of(),
                spark -> EvaluateJob.run(spark, model, input));
        command.commandLine().getOut().println(new ObjectMapper().writeValueAsString(metrics));
        return ExitCodes.OK;
    }
}
