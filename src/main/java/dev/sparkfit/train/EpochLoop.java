package dev.sparkfit.train;

import dev.sparkfit.artifact.EpochStats;
import dev.sparkfit.artifact.History;
import dev.sparkfit.config.TrainingSpec;
import dev.sparkfit.data.Block;
import dev.sparkfit.eval.EvalSums;
import dev.sparkfit.eval.Metrics;
import dev.sparkfit.eval.Scorer;
import dev.sparkfit.model.Head;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The per-epoch bookkeeping every training engine shares: after an engine has trained one epoch,
 * score the training (and validation) blocks with the epoch's final parameters, add a history row,
 * print the progress line, apply early stopping and, at the end, restore_best_weights.
 */
final class EpochLoop {

    /**
     * What one epoch of training produced.
     *
     * @param runningLoss the example-weighted mean minibatch loss over the epoch (Keras' "loss"), or
     *                    null when the engine does not report one; "loss" is then the loss of the
     *                    epoch's final parameters on all training rows
     */
    record Epoch(float[] params, float[] updaterState, Double runningLoss) {
    }

    /** Trains epoch {@code epoch} (1-based) and returns where it ended. */
    @FunctionalInterface
    interface Step {
        Epoch train(int epoch);
    }

    private final JavaSparkContext jsc;
    private final TrainingSpec spec;
    private final Head head;
    private final String confJson;
    private final Consumer<String> console;
    private final EpochDiagnostics diagnostics;

    EpochLoop(JavaSparkContext jsc, TrainingSpec spec, Head head, String confJson, Consumer<String> console) {
        this.jsc = jsc;
        this.spec = spec;
        this.head = head;
        this.confJson = confJson;
        this.console = console;
        this.diagnostics = new EpochDiagnostics(jsc, spec, confJson, console);
    }

    /** Runs up to {@code spec.epochs()} epochs of {@code step}; {@code val} may be null. */
    TrainResult run(JavaRDD<Block> train, JavaRDD<Block> val, long trainRows, Step step) {
        History history = new History();
        EarlyStopping stopping = new EarlyStopping(spec.earlyStopping());
        Epoch best = null;
        Epoch e = null;
        EvalSums bestVal = null;
        EvalSums valSums = null;
        long started = System.nanoTime();
        for (int epoch = 1; epoch <= spec.epochs(); epoch++) {
            long t0 = System.nanoTime();
            e = step.train(epoch);
            String job = "sparkfit epoch " + epoch + "/" + spec.epochs();
            jsc.setJobDescription(job + ", training metrics");
            Map<String, Double> trainMetrics = Metrics.of(Scorer.score(jsc, train, e.params(), confJson, head), head, "");
            Map<String, Double> values = new LinkedHashMap<>(trainMetrics);
            if (e.runningLoss() != null) {
                values.put("loss", e.runningLoss()); // replaces the value, keeps "loss" first
            }
            if (!Double.isFinite(values.get("loss"))) {
                throw new DivergedException("training diverged in epoch " + epoch
                        + ": the loss became NaN or infinite; try a lower optimizer.learning_rate");
            }
            valSums = null;
            if (val != null) {
                jsc.setJobDescription(job + ", validation");
                valSums = Scorer.score(jsc, val, e.params(), confJson, head);
                values.putAll(Metrics.of(valSums, head, "val_"));
            }
            Map<String, Double> health = diagnostics.after(epoch, train, e.params()); // training.diagnostics
            double seconds = (System.nanoTime() - t0) / 1e9;
            history.add(new EpochStats(epoch, values, seconds, health));
            console.accept(Progress.line(epoch, spec.epochs(), values, trainRows / seconds,
                    (System.nanoTime() - started) / 1e9 / epoch * (spec.epochs() - epoch)));
            diagnostics.printWarnings();
            // Without validation rows a val_ monitor cannot be measured (early stopping is then off
            // by validation); the best epoch is then judged by the training loss.
            Double monitored = values.getOrDefault(spec.earlyStopping().monitor(), values.get("loss"));
            EarlyStopping.Decision d = stopping.update(epoch, monitored == null ? Double.NaN : monitored);
            if (d instanceof EarlyStopping.Continue c && c.improved()) {
                best = e;
                bestVal = valSums;
            }
            if (d instanceof EarlyStopping.Stop stop) {
                console.accept("early stopping: " + stop.reason());
                return finish(e, valSums, best, bestVal, history, stopping, epoch, true, stop.reason());
            }
        }
        return finish(e, valSums, best, bestVal, history, stopping, spec.epochs(), false, null);
    }

    private TrainResult finish(Epoch last, EvalSums lastVal, Epoch best, EvalSums bestVal, History history,
                               EarlyStopping stopping, int epochsRun, boolean early, String reason) {
        boolean restore = spec.earlyStopping().enabled() && spec.earlyStopping().restoreBestWeights()
                && stopping.bestEpoch() != epochsRun;
        if (restore) {
            console.accept("restoring the weights of epoch " + stopping.bestEpoch()
                    + " (training.early_stopping.restore_best_weights)");
            return new TrainResult(best.params(), best.updaterState(), history, stopping.bestEpoch(), epochsRun,
                    early, reason, true, bestVal);
        }
        return new TrainResult(last.params(), last.updaterState(), history, stopping.bestEpoch(), epochsRun, early,
                reason, false, lastVal);
    }
}
