package dev.sparkfit.cli;

import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.config.TuneLoader;
import dev.sparkfit.job.TuneJob;
import dev.sparkfit.train.StopRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sparkfit tune --spec FILE}: search the keys of the spec's {@code tune:} section. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Search hyperparameters (grid, random or asha) on data read and split once; save the best model.")
public final class TuneCommand implements Callable<Integer> {

    @Mixin
    SpecOptions specOptions;

    @Mixin
    OutputOptions output;

    @Mixin
    SparkOptions sparkOptions;

    @Option(names = "--refit", description = "save a model of the best setting trained on every row for its best"
            + " epoch count, instead of the best trial's own model")
    boolean refit;

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
        TuneLoader.Search search = TuneLoader.load(specOptions.specFile, specOptions.overrides);
        TuneJob.trialSpecs(search); // every drawn setting is a valid spec before Spark starts
        String hash = search.hash() + (refit ? "-refit" : "");
        OutputOptions.Plan plan = output.plan(command.commandLine(), search.base().name() + "-tune", hash);
        Map<String, String> conf = new HashMap<>(search.base().spark().conf());
        if (search.tune().parallelism() > 1) {
            // Trials trained at once get their own scheduler pools; FAIR shares the executors among them.
            conf.putIfAbsent("spark.scheduler.mode", "FAIR");
        }
        var console = command.commandLine().getOut();
        if (plan.finished()) {
            return Console.alreadyFinished(console, plan.dir(), "tune.json");
        }
        StopRequest.install();
        return output.keepingPreviousOnFailure(() -> sparkOptions.withSession("sparkfit tune " + search.base().name(),
                search.base().spark().master(), conf, spark -> {
                    RunDirectory run = output.open(plan, "tune", hash);
                    console.println((plan.resuming() ? "resuming run directory: " : "run directory: ") + run.root());
                    TuneJob.Outcome o = new TuneJob(spark, search, run, refit, Console.lines(console)).run();
                    String metric = o.metric();
                    console.println("total epochs: " + o.totalEpochs() + "; best " + metric + ": "
                            + o.best().score(metric) + " (trial " + o.best().trial() + ", " + o.best().values()
                            + "); model saved: " + run.model());
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("best_trial", o.best().trial());
                    result.put("best_values", o.best().values());
                    result.put("best_" + metric, o.best().score(metric));
                    result.put("total_epochs", o.totalEpochs());
                    result.put("trials", o.trials().size());
                    Console.result(console, result);
                    return ExitCodes.OK;
                }));
    }
}
