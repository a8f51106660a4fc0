package dev.sparkfit.cli;

import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.job.CapacityJob;
import dev.sparkfit.tuning.CapacityResult;
import dev.sparkfit.train.StopRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code sparkfit capacity --spec FILE}: grow the network step by step while the validation score improves. */
@Command(name = "capacity", mixinStandardHelpOptions = true,
        description = "Start with a small network and add capacity until the validation score stops improving.")
public final class CapacityCommand implements Callable<Integer> {

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
        JobSpec spec = specOptions.load(List.of());
        String hash = SpecLoader.hash(spec);
        OutputOptions.Plan plan = output.plan(command.commandLine(), spec.name() + "-capacity", hash);
        var console = command.commandLine().getOut();
        if (plan.finished()) {
            return Console.alreadyFinished(console, plan.dir(), "capacity.json");
        }
        StopRequest.install();
        CapacityResult result = output.keepingPreviousOnFailure(() -> sparkOptions.withSession("sparkfit capacity " + spec.name(),
                spec.spark().master(), spec.spark().conf(),
                spark -> CapacityJob.run(spark, spec, output.open(plan, "capacity", hash), Console.lines(console))));
        console.println("chosen: " + result.chosen() + " (" + result.stoppedBecause() + "); model saved: "
                + plan.dir().resolve("model"));
        Console.result(console, result.toJson());
        return ExitCodes.OK;
    }
}
