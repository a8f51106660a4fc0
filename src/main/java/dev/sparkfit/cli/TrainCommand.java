package dev.sparkfit.cli;

import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.job.TrainJob;
import dev.sparkfit.train.StopRequest;
import dev.sparkfit.model.InitialWeights;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

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
        try {
            return work();
        } finally {
            output.release(); // the run directory's lock, however the command ended
        }
    }

    private Integer work() throws Exception {
        JobSpec spec = specOptions.load(List.of()); // every spec error surfaces before Spark starts
        InitialWeights.precheck(spec.model());
        String hash = SpecLoader.hash(spec);
        OutputOptions.Plan plan = output.plan(command.commandLine(), spec.name(), hash);
        var console = command.commandLine().getOut();
        if (plan.finished()) {
            return Console.alreadyFinished(console, plan.dir(), "metrics.json");
        }
        StopRequest.install(); // SIGTERM: finish the averaging round, commit a checkpoint, exit 143
        return output.keepingPreviousOnFailure(() -> sparkOptions.withSession("sparkfit train " + spec.name(), spec.spark().master(), spec.spark().conf(),
                spark -> {
                    RunDirectory run = output.open(plan, "train", hash);
                    console.println((plan.resuming() ? "resuming run directory: " : "run directory: ") + run.root());
                    Map<String, Object> metrics = new TrainJob(spec, spark, run, Console.lines(console)).run().toJson();
                    console.println("model saved: " + run.model());
                    Console.result(console, metrics);
                    return ExitCodes.OK;
                }));
    }
}
