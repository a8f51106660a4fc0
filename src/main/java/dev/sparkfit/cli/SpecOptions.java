package dev.sparkfit.cli;

import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The job spec and its {@code --set} overrides, loaded and validated before Spark starts. */
final class SpecOptions {

    @Option(names = "--spec", required = true, description = "job spec (YAML)")
    Path specFile;

    @Option(names = "--set", description = "override a spec key, e.g. --set training.epochs=5 (repeatable)")
    List<String> overrides = new ArrayList<>();

    /** The spec with {@code --set} and then {@code extra} overrides applied. */
    JobSpec load(List<String> extra) {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(extra);
        return SpecLoader.load(specFile, all);
    }
}
