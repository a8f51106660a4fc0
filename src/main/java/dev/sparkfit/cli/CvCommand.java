package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.job.CvJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sparkfit cv --spec FILE}: k-fold cross-validation of the spec's network. */
@Command(name = "cv", mixinStandardHelpOptions = true,
        description = "Cross-validate the spec's network over k folds; the last stdout line is cv-summary.json.")
public final class CvCommand implements Callable<Integer> {

    @Option(names = "--spec", required = true, description = "job spec (YAML)")
    Path specFile;

    @Option(names = "--folds", description = "number of folds (overrides cv.folds, default 5)")
    Integer folds;

    @Option(names = "--refit", description = "then train on every row for the folds' median best epoch and "
            + "save that model (overrides cv.refit)")
    boolean refit;

    @Option(names = "--set", description = "override a spec key, e.g. --set training.epochs=5 (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", description = "run directory (default runs/<name>-cv-<yyyyMMdd-HHmmss>)")
    Path out;

    @Option(names = "--overwrite", description = "replace an existing, non-empty --out directory")
    boolean overwrite;

    @Mixin
    SparkOptions sparkOptions;

    @Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        List<String> all = new ArrayList<>(overrides);
        if (folds != null) {
            all.add("cv.folds=" + folds);
        }
        if (refit) {
            all.add("cv.refit=true");
        }
        JobSpec spec = SpecLoader.load(specFile, all); // every spec error surfaces before Spark starts
        Path dir = out != null ? out : RunDirectory.defaultPath(spec.name() + "-cv", LocalDateTime.now());
        if (!overwrite && Files.isDirectory(dir) && Files.list(dir).findAny().isPresent()) {
            throw new CommandLine.ParameterException(command.commandLine(),
                    "--out: " + dir + " is not empty (choose another directory or add --overwrite)");
        }
        Map<String, String> conf = new HashMap<>(spec.spark().conf());
        if (spec.cv().parallelism() > 1) {
            // Folds trained at once get their own scheduler pools; FAIR shares the executors among them.
            conf.putIfAbsent("spark.scheduler.mode", "FAIR");
        }
        var console = command.commandLine().getOut();
        return sparkOptions.withSession("sparkfit cv " + spec.name(), spec.spark().master(), conf, spark -> {
            RunDirectory run = RunDirectory.create(dir, overwrite);
            console.println("run directory: " + run.root());
            Map<String, Object> summary = new CvJob(spec, spark, run, line -> {
                synchronized (console) {
                    console.println(line);
                    console.flush();
                }
            }).run();
            console.println(new ObjectMapper().writeValueAsString(summary)); // last line, for schedulers
            return ExitCodes.OK;
        });
    }
}
