package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.job.CapacityJob;
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

/** {@code sparkfit capacity --spec FILE}: grow the network step by step while the validation score improves. */
@Command(name = "capacity", mixinStandardHelpOptions = true,
        description = "Start with a small network and add capacity until the validation score stops improving.")
public final class CapacityCommand implements Callable<Integer> {

    @Option(names = "--spec", required = true, description = "job spec (YAML) with an optional capacity section")
    Path specFile;

    @Option(names = "--set", description = "override a spec key, e.g. --set capacity.grow=depth (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", description = "output directory (default runs/<name>-capacity-<yyyyMMdd-HHmmss>)")
    Path out;

    @Option(names = "--overwrite", description = "replace an existing, non-empty --out directory")
    boolean overwrite;

    @Mixin
    SparkOptions sparkOptions;

    @Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        JobSpec spec = SpecLoader.load(specFile, overrides);
        Path dir = out != null ? out : RunDirectory.defaultPath(spec.name() + "-capacity", LocalDateTime.now());
        if (!overwrite && Files.isDirectory(dir) && Files.list(dir).findAny().isPresent()) {
            throw new CommandLine.ParameterException(command.commandLine(),
                    "--out: " + dir + " is not empty (choose another directory or add --overwrite)");
        }
        var console = command.commandLine().getOut();
        Map<String, Object> result = sparkOptions.withSession("sparkfit capacity " + spec.name(),
                spec.spark().master(), spec.spark().conf(),
                spark -> CapacityJob.run(spark, spec, RunDirectory.create(dir, overwrite), line -> {
                    console.println(line);
                    console.flush();
                }));
        console.println("chosen: " + result.get("chosen") + " (" + result.get("stopped_because") + "); model saved: "
                + dir.resolve("model"));
        console.println(new ObjectMapper().writeValueAsString(result)); // last line, for schedulers
        return ExitCodes.OK;
    }
}
