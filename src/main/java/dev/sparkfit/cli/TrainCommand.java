package dev.sparkfit.cli;

import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.job.TrainJob;
import dev.sparkfit.model.InitialWeights;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sparkfit train --spec FILE}: trains a network and writes a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a network on Spark as the YAML spec says; the last stdout line is metrics.json.")
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    SpecOptions specOptions;

    @Mixin
    OutputOptions output;

    @Mixin
    SparkOptions sparkOptions;

    @Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        JobSpec spec = specOptions.load(List.of()); // every spec error surfaces before Spark starts
        InitialWeights.precheck(spec.model());
        Path dir = output.directory(command.commandLine(), spec.name());
        var console = command.commandLine().getOut();
        return sparkOptions.withSession("sparkfit train " + spec.name(), spec.spark().master(), spec.spark().conf(),
                spark -> {
                    RunDirectory run = output.create(dir);
                    console.println("run directory: " + run.root());
                    Map<String, Object> metrics = new TrainJob(spec, spark, run, Console.lines(console)).run();
                    console.println("model saved: " + run.model());
                    Console.result(console, metrics);
                    return ExitCodes.OK;
                });
    }
}
