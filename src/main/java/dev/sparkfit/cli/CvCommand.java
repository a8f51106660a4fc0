package dev.sparkfit.cli;

import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.job.CvJob;
import dev.sparkfit.train.StopRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sparkfit cv --spec FILE}: k-fold cross-validation of the spec's network. */
@Command(name = "cv", mixinStandardHelpOptions = true,
        description = "Cross-validate the spec's network over k folds; the last stdout line is cv-summary.json.")
public final class CvCommand implements Callable<Integer> {

    @Mixin
    SpecOptions specOptions;

    @Option(names = "--folds", description = "number of folds (overrides cv.folds, default 5)")
    Integer folds;

    @Option(names = "--refit", description = "then train on every row for the folds' median best epoch and "
            + "save that model (overrides cv.refit)")
    boolean refit;

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
        List<String> all = new ArrayList<>();
        if (folds != null) {
            all.add("cv.folds=" + folds);
        }
        if (refit) {
            all.add("cv.refit=true");
        }
        JobSpec spec = specOptions.load(all); // every spec error surfaces before Spark starts
        if (spec.data().validation() != null) { // folds are the validation rows
            throw new dev.sparkfit.config.SpecException("cv: data.validation (" + spec.data().validation().where()
                    + ") is not used here; each fold is validated on its held-out rows (leave data.validation out)");
        }
        String hash = SpecLoader.hash(spec);
        OutputOptions.Plan plan = output.plan(command.commandLine(), spec.name() + "-cv", hash);
        Map<String, String> conf = new HashMap<>(spec.spark().conf());
        if (spec.cv().parallelism() > 1) {
            // Folds trained at once get their own scheduler pools; FAIR shares the executors among them.
            conf.putIfAbsent("spark.scheduler.mode", "FAIR");
        }
        var console = command.commandLine().getOut();
        if (plan.finished()) {
            return Console.alreadyFinished(console, plan.dir(), "cv-summary.json");
        }
        StopRequest.install();
        return output.keepingPreviousOnFailure(() -> sparkOptions.withSession("sparkfit cv " + spec.name(), spec.spark().master(), conf, spark -> {
            RunDirectory run = output.open(plan, "cv", hash);
            console.println((plan.resuming() ? "resuming run directory: " : "run directory: ") + run.root());
            Console.result(console, new CvJob(spec, spark, run, Console.lines(console)).run().toJson());
            return ExitCodes.OK;
        }));
    }
}
