package dev.sparkfit.cli;

import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.job.CompareJob;
import dev.sparkfit.tuning.CompareResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sparkfit compare --spec A.yaml --spec B.yaml}: the same split, one val_loss plot, a winner. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Train several specs on the same rows and validation split and compare their val_loss.")
public final class CompareCommand implements Callable<Integer> {

    @Option(names = "--spec", required = true, description = "a job spec (YAML); give two or more")
    List<Path> specFiles = new ArrayList<>();

    @Mixin
    OutputOptions output;

    @Mixin
    SparkOptions sparkOptions;

    @Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        try {
            return work();
        } finally {
            output.release(); // the run directory's lock, however the command ended
        }
    }

    private Integer work() throws Exception {
        if (specFiles.size() < 2) {
            throw new CommandLine.ParameterException(command.commandLine(), "--spec: give at least two specs to compare");
        }
        List<JobSpec> specs = new ArrayList<>();
        for (Path f : specFiles) {
            specs.add(SpecLoader.load(f, List.of())); // every spec checked before Spark starts
        }
        CompareJob.check(specs);
        String hash = specs.stream().map(SpecLoader::hash).reduce("", (a, b) -> a.isEmpty() ? b : a + "+" + b);
        OutputOptions.Plan plan = output.plan(command.commandLine(), "compare", hash);
        var console = command.commandLine().getOut();
        if (plan.finished()) {
            return Console.alreadyFinished(console, plan.dir(), "compare.json");
        }
        CompareResult result = output.keepingPreviousOnFailure(() -> sparkOptions.withSession("sparkfit compare", specs.get(0).spark().master(),
                specs.get(0).spark().conf(), spark -> CompareJob.run(spark, specs, output.open(plan, "compare", hash),
                        Console.lines(console))));
        console.println(String.format(Locale.ROOT, "%-20s %-44s %13s %10s %8s %8s", "model", "architecture",
                "best val_loss", "best epoch", "params", "seconds"));
        for (CompareResult.Model m : result.models()) {
            console.println(String.format(Locale.ROOT, "%-20s %-44s %13.4f %10d %8d %8.1f", m.model(),
                    m.architecture(), m.bestValLoss(), m.bestEpoch(), m.params(), m.seconds()));
        }
        console.println("winner: " + result.winner() + " (written to " + plan.dir() + ")");
        Console.result(console, result.toJson());
        return ExitCodes.OK;
    }
}
