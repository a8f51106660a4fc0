package dev.sparkfit.job;

import dev.sparkfit.ml.Split;
import dev.sparkfit.ml.SplitTraining;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkfit.io.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.artifact.Events;
import dev.sparkfit.artifact.Metadata;
import dev.sparkfit.artifact.ModelStore;
import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.artifact.TuneReport;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.config.TuneLoader;
import dev.sparkfit.config.TuneSpec;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.data.InputTables;
import dev.sparkfit.tune.Asha;
import dev.sparkfit.tune.Proposals;
import dev.sparkfit.tune.TrialPool;
import dev.sparkfit.tune.TrialResult;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * {@code sparkfit tune}: reads, checks and splits the data once, then trains every proposed setting
 * ({@link Proposals}) on the same training and validation rows, {@code tune.parallelism} at a time
 * ({@link TrialPool}); with asha, {@link Asha} stops trials at its rungs. Each trial checkpoints in
 * {@code trials/trial-N/} and, once ended, writes its {@code result.json}: a rerun of the same
 * --run-id keeps finished trials and continues the others from their checkpoints. Then it saves the
 * best trial's model (or, with --refit, one trained on every row for its best epoch count),
 * {@code spec.best.yaml}, {@code tune.json}, {@code tune.html} and {@code _SUCCESS} last.
 */
public final class TuneJob {

    static final ObjectMapper JSON = Json.MAPPER;

    /** What the command prints: the trials, the best one, and the epochs all trials trained. */
    public record Outcome(List<TrialResult> trials, TrialResult best, String metric, long totalEpochs) {
    }

    private final SparkSession spark;
    private final TuneLoader.Search search;
    private final TuneSpec tune;
    private final RunDirectory run;
    private final boolean refit;
    private final Consumer<String> console;
    private final List<JobSpec> specs = new ArrayList<>(); // trial n's job at n - 1
    private final Map<Integer, TrialResult> results = new ConcurrentHashMap<>();

    public TuneJob(SparkSession spark, TuneLoader.Search search, RunDirectory run, boolean refit,
                   Consumer<String> console) {
        this.spark = spark;
        this.search = search;
        this.tune = search.tune();
        this.run = run;
        this.refit = refit;
        this.console = console;
        trialSpecs(search).forEach(specs::add);
    }

    /** Every trial's job, in trial order; a drawn value the spec refuses fails here, before Spark starts. */
    public static List<JobSpec> trialSpecs(TuneLoader.Search search) {
        return Proposals.of(search.tune()).stream().map(search::trial).toList();
    }

    public Outcome run() throws IOException {
        try (Events events = new Events(run.file(Events.FILE))) {
            events.phase("start", Map.of("command", "tune", "spec_hash", search.hash(), "method",
                    tune.method().key(), "trials", specs.size()));
            Outcome out = runWithEvents(events);
            events.phase("success", Map.of("best_trial", out.best().trial(), tune.metric(),
                    out.best().score(tune.metric()), "total_epochs", out.totalEpochs()));
            return out;
        }
    }

    private Outcome runWithEvents(Events events) throws IOException {
        long t0 = System.nanoTime();
        run.writeAtomically("spec.yaml", SpecLoader.toYaml(search.base()));
        List<Map<String, JsonNode>> proposals = Proposals.of(tune);
        Asha asha = tune.method() == TuneSpec.Method.ASHA
                ? new Asha(tune.rungs(), tune.reductionFactor(), tune.minimize(), specs.size()) : null;
        List<Integer> pending = new ArrayList<>();
        for (int n = 1; n <= specs.size(); n++) {
            Optional<TrialResult> done = TrialRunner.finished(trialDir(n));
            if (done.isPresent()) {
                results.put(n, done.get());
                if (asha != null) {
                    TrialRunner.replay(asha, done.get(), tune.minimize());
                }
            } else {
                pending.add(n);
            }
        }
        if (pending.size() < specs.size()) {
            console.accept("resuming the search: " + (specs.size() - pending.size()) + " of " + specs.size()
                    + " trials had ended; they are not trained again");
        }
        console.accept(tune.method().key() + " search over " + String.join(", ", tune.space().keySet()) + ": "
                + specs.size() + " trials, " + tune.parallelism() + " at a time, judged by " + tune.metric()
                + (asha == null ? "" : "; rungs at epochs " + tune.rungs() + " of " + tune.maxEpochs()));
        InputTable table = InputTables.forTraining(spark, search.base().data(), console);
        Split split = Split.of(table, search.base().training(),
                spark.sparkContext().defaultParallelism());
        events.phase("data", Map.of("rows", table.goodRows(), "train_rows", split.trainRows(),
                "validation_rows", split.valRows()));
        TrialRunner runner = new TrialRunner(spark, table, split, tune, asha, events, console);
        try {
            new TrialPool(spark.sparkContext(), tune.parallelism()).runAll(pending, n -> {
                TrialResult r = tune.useCv() ? runner.crossValidated(n, proposals.get(n - 1), specs.get(n - 1), trialDir(n))
                        : runner.train(n, proposals.get(n - 1), specs.get(n - 1), trialDir(n));
                results.put(n, r);
            });
            List<TrialResult> all = results.values().stream().sorted(Comparator.comparingInt(TrialResult::trial)).toList();
            TrialResult best = best(all);
            JobSpec bestSpec = specs.get(best.trial() - 1);
            SplitTraining.Outcome model = refit ? runner.refit(bestSpec, best, run.file("refit"))
                    : tune.useCv() ? runner.onSplit(bestSpec, best.trial(), run.file("best")) // folds saved no model
                    : runner.rebuild(bestSpec, best, trialDir(best.trial()));
            long trainRows = refit ? table.goodRows() : split.trainRows();
            long valRows = refit ? 0 : split.valRows();
            ModelStore.save(run.model(), model.network(), model.preprocessing(), Metadata.forTraining(spark.version(),
                    bestSpec, table, model.head(), model.preprocessing(), trainRows, valRows));
            run.writeAtomically("spec.best.yaml", SpecLoader.toYaml(bestSpec));
            long totalEpochs = all.stream().mapToLong(TrialResult::epochs).sum();
            Outcome out = new Outcome(all, best, tune.metric(), totalEpochs);
            writeSummary(out, (System.nanoTime() - t0) / 1e9);
            run.markSuccess();
            return out;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            split.unpersist();
            table.release();
        }
    }

    /** The trial with the best judged metric (the lower number on a tie); failed trials are not candidates. */
    private TrialResult best(List<TrialResult> all) {
        Comparator<TrialResult> byScore = Comparator.comparingDouble(r -> tune.minimize()
                ? r.score(tune.metric()) : -r.score(tune.metric()));
        return all.stream().filter(r -> r.state() != TrialResult.State.FAILED && Double.isFinite(r.score(tune.metric())))
                .min(byScore.thenComparingInt(TrialResult::trial))
                .orElseThrow(() -> new dev.sparkfit.train.DivergedException("every trial of the search failed; the first: "
                        + all.get(0).reason()));
    }

    private void writeSummary(Outcome out, double seconds) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("method", tune.method().key());
        json.put("metric", tune.metric());
        json.put("mode", tune.minimize() ? "min" : "max");
        json.put("seed", tune.seed());
        json.put("max_epochs", tune.maxEpochs());
        if (tune.method() == TuneSpec.Method.ASHA) {
            json.put("rungs", tune.rungs());
            json.put("reduction_factor", tune.reductionFactor());
        }
        json.put("best_trial", out.best().trial());
        json.put("best_values", out.best().values());
        json.put("best_" + tune.metric(), out.best().score(tune.metric()));
        json.put("total_epochs", out.totalEpochs());
        json.put("refit", refit);
        json.put("seconds", Math.round(seconds * 100) / 100.0);
        json.put("trials", out.trials().stream().map(TrialResult::toJson).toList());
        run.writeAtomically("tune.json", Json.pretty(json));
        TuneReport.write(run.file("tune.html"), run.plots(), "sparkfit tune: " + search.base().name(), tune.metric(),
                tune.minimize(), out.trials().stream().map(r -> new TuneReport.Row(r.trial(),
                        r.state().name().toLowerCase(java.util.Locale.ROOT), r.values(), r.score(tune.metric()),
                        r.bestEpoch(), r.epochs(), r.seconds(), r.reason(), r.curve())).toList(), out.best().trial());
    }

    private Path trialDir(int n) {
        return run.file("trials").resolve("trial-" + n);
    }
}
