package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.job.TrainJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sparkfit train --spec FILE}: trains a network and writes a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a network on Spark as the YAML spec says; the last stdout line is metrics.json.")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--spec", required = true, description = "job spec (YAML)")
    Path specFile;

    @Option(names = "--set", description = "override a spec key, e.g. --set training.epochs=5 (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", description = "run directory (default runs/<name>-<yyyyMMdd-HHmmss>)")
    Path out;

    @Option(names = "--overwrite", description = "replace an existing, non-empty --out directory")
    boolean overwrite;

    @Mixin
    SparkOptions sparkOptions;

    @Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        JobSpec spec = SpecLoader.load(specFile, overrides); // every spec error surfaces before Spark starts
        Path dir = out != null ? out : RunDirectory.defaultPath(spec.name(), LocalDateTime.now());
        if (!overwrite && Files.isDirectory(dir) && Files.list(dir).findAny().isPresent()) {
            throw new CommandLine.ParameterException(command.commandLine(),
                    "--out: " + dir + " is not empty (choose another directory or add --overwrite)");
        }
        var console = command.commandLine().getOut();
        return sparkOptions.withSession("sparkfit train " + spec.name(), spec.spark().master(), spec.spark().conf(),
                spark -> {
                    RunDirectory run = RunDirectory.create(dir, overwrite);
                    console.println("run directory: " + run.root());
                    Map<String, Object> metrics = new TrainJob(spec, spark, run, line -> {
                        console.println(line);
                        console.flush();
                    }).run();
                    console.println("model saved: " + run.model());
                    console.println(new ObjectMapper().writeValueAsString(metrics)); // last line, for schedulers
                    return ExitCodes.OK;
                });
    }
}
