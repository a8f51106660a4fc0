package dev.sparkfit.train;

import dev.sparkfit.config.TrainingSpec;
import dev.sparkfit.data.Block;
import dev.sparkfit.eval.EvalSums;
import dev.sparkfit.eval.MetricSet;
import dev.sparkfit.eval.Scorer;
import dev.sparkfit.model.Head;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-epoch bookkeeping every training engine shares: after an engine has trained one epoch,
 * score the validation blocks (and the training blocks, unless the engine kept running training
 * sums) with the epoch's final parameters, add a history row (with the learning rate),
 * print the progress line, apply early stopping, commit a checkpoint and, at the end,
 * restore_best_weights. A run with checkpoints starts from the newest intact one.
 */
final class EpochLoop {

    /** The history column of the workers' learning rate at each epoch's end. */
    static final String LEARNING_RATE = "learning_rate";

    /**
     * What one epoch of training produced, or where a run stands before its next epoch.
     *
     * @param runningLoss  the example-weighted mean minibatch loss over the epoch (Keras' "loss"), or
     *                     null when the engine does not report one; "loss" is then the loss of the
     *                     epoch's final parameters on all training rows
     * @param running      the training sums of each minibatch's outputs before its step (Keras' running
     *                     training metrics), or null: the metrics are then those of the epoch's final
     *                     parameters on all training rows, one more pass
     * @param iteration    minibatch steps taken so far in the run (DL4J's iteration count)
     * @param learningRate the workers' learning rate at the epoch's last step (the history's
     *                     {@code learning_rate}), or NaN when unknown
     */
    record Epoch(Weights weights, Double runningLoss, EvalSums running, long iteration, double learningRate) {

        /** Where a run starts or resumes: weights and iteration count, nothing trained yet. */
        static Epoch start(Weights weights, long iteration) {
            return new Epoch(weights, null, null, iteration, Double.NaN);
        }
    }

    /** Trains epoch {@code epoch} (1-based), continuing from where {@code previous} ended. */
    @FunctionalInterface
    interface Step {
        Epoch train(int epoch, Epoch previous);
    }

    private final JavaSparkContext jsc;
    private final TrainingSpec spec;
    private final Head head;
    private final String confJson;
    private final RunControl control;
    private final Checkpoint resume;
    private final EpochDiagnostics diagnostics;
    private final MetricSet metrics;
    private final PlateauReduction plateau;
    private final float[] classWeights;

    private final History history = new History();
    private final EarlyStopping stopping;
    private Weights best;
    private EvalSums bestVal;
    private EvalSums valSums;

    /** @param classWeights per class index (null: none); training rows' weighted metrics count them, validation rows' do not */
    EpochLoop(JavaSparkContext jsc, TrainingSpec spec, Head head, String confJson, RunControl control,
              MetricSet metrics, float[] classWeights) {
        this.jsc = jsc;
        this.classWeights = classWeights;
        this.metrics = metrics;
        this.spec = spec;
        this.head = head;
        this.confJson = confJson;
        this.control = control;
        this.stopping = new EarlyStopping(spec.earlyStopping());
        this.plateau = new PlateauReduction(spec.reduceLrOnPlateau(), ((org.deeplearning4j.nn.conf.layers.BaseLayer)
                org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(confJson).getConf(0).getLayer())
                .getIUpdater().getLearningRate(0, 0));
        this.diagnostics = new EpochDiagnostics(jsc, spec, confJson, control.console());
        this.resume = control.checkpoints() == null ? null : control.checkpoints().latest(control.console()).orElse(null);
        if (resume != null) {
            resume.history().forEach(history::add);
            stopping.restore(resume.stopping());
            plateau.restore(resume.plateau()); // null in checkpoints from before it existed: factor 1
            best = resume.best();
            bestVal = resume.bestVal();
            valSums = resume.lastVal();
            control.console().accept("resuming from checkpoint " + resume.name() + " (epoch " + resume.epoch()
                    + (resume.round() > 0 ? ", averaging round " + resume.round() + " of epoch " + (resume.epoch() + 1) : "")
                    + " done)");
        }
    }

    /** The factor reduce_lr_on_plateau has reached on the optimizer's rate (1 when it is off or has not acted). */
    double lrFactor() {
        return plateau.factor();
    }

    /** The checkpoint this run continues from, or null for a fresh start. */
    Checkpoint resumePoint() {
        return resume;
    }

    /**
     * Runs up to {@code spec.epochs()} epochs of {@code step} from {@code start}, or from the checkpoint
     * this run resumes; {@code val} may be null.
     */
    TrainResult run(JavaRDD<Block> train, JavaRDD<Block> val, long trainRows, Epoch start, Step step) {
        Epoch e = start;
        int first = 1;
        if (resume != null) {
            e = Epoch.start(resume.weights(), resume.iteration());
            first = resume.epoch() + 1;
            if (resume.stopReason() != null) {
                return finish(e, resume.epoch(), true, resume.stopReason());
            }
        }
        long started = System.nanoTime();
        BlockSpill spill = new BlockSpill(train, val);
        for (int epoch = first; epoch <= spec.epochs(); epoch++) {
            long t0 = System.nanoTime();
            e = step.train(epoch, e);
            EvalSums trainSums = e.running();
            boolean weighted = metrics.anyWeighted();
            if (trainSums == null || (weighted && trainSums.weighted() == null)) { // none kept (or an older checkpoint's)
                jsc.setJobDescription(control.job(epoch, spec.epochs(), "training metrics"));
                trainSums = Scorer.score(jsc, train, e.weights().params(), confJson, head, weighted, classWeights);
            }
            Map<String, Double> trainMetrics = metrics.of(trainSums, head, "");
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
                jsc.setJobDescription(control.job(epoch, spec.epochs(), "validation"));
                // Keras weighs validation rows by their sample weights only: class_weight is for training.
                valSums = Scorer.score(jsc, val, e.weights().params(), confJson, head, weighted, null);
                values.putAll(metrics.of(valSums, head, "val_"));
            }
            Map<String, Double> health = diagnostics.after(epoch, train, e.weights().params()); // training.diagnostics
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> recorded = new LinkedHashMap<>(values);
            if (Double.isFinite(e.learningRate())) {
                recorded.put(LEARNING_RATE, e.learningRate()); // in the history, as Keras' callbacks log it
            }
            EpochStats stats = new EpochStats(epoch, recorded, seconds, health);
            history.add(stats);
            control.console().accept(Progress.line(epoch, spec.epochs(), values, trainRows / seconds,
                    (System.nanoTime() - started) / 1e9 / (epoch - first + 1) * (spec.epochs() - epoch)));
            diagnostics.printWarnings();
            spill.after(epoch).ifPresent(r -> {
                control.console().accept(r.line());
                control.onStorage().accept(r.fields());
            });
            // Without validation rows a val_ monitor cannot be measured (early stopping is then off
            // by validation); the best epoch is then judged by the training loss.
            Double monitored = values.getOrDefault(spec.earlyStopping().monitor(), values.get("loss"));
            EarlyStopping.Decision d = stopping.update(epoch, monitored == null ? Double.NaN : monitored);
            if (d instanceof EarlyStopping.Continue c && c.improved()) {
                best = Weights.of(e.weights().params(), e.weights().updaterState());
                bestVal = valSums;
            }
            String stopReason = d instanceof EarlyStopping.Stop stop ? stop.reason() : null;
            double before = plateau.factor();
            Double plateauValue = values.getOrDefault(spec.reduceLrOnPlateau().monitor(), values.get("loss"));
            if (plateau.update(plateauValue == null ? Double.NaN : plateauValue) < before) {
                control.console().accept("reduce_lr_on_plateau: " + spec.reduceLrOnPlateau().monitor()
                        + " did not improve for " + spec.reduceLrOnPlateau().patience() + " epochs; learning rate x "
                        + OuterStep.trim(plateau.factor()) + " from epoch " + (epoch + 1));
            }
            commit(epoch, 0, e.iteration(), 0, 0, null, e.weights(), stopReason);
            control.onEpoch().accept(stats);
            if (stopReason != null) {
                control.console().accept("early stopping: " + stopReason);
                return finish(e, epoch, true, stopReason);
            }
            if (StopRequest.requested() && epoch < spec.epochs()) {
                throw stopped("after epoch " + epoch);
            }
        }
        return finish(e, spec.epochs(), false, null);
    }

    /**
     * Called by an engine between averaging rounds: when a stop was requested, commits a checkpoint
     * of the partly done epoch and throws {@link StoppedException}.
     */
    void stopIfRequested(int epoch, int roundsDone, long iteration, double lossSum, long seen, EvalSums running,
                         Weights weights) {
        if (StopRequest.requested()) {
            commit(epoch - 1, roundsDone, iteration, lossSum, seen, running, weights, null);
            throw stopped("in epoch " + epoch + " after averaging round " + roundsDone);
        }
    }

    private void commit(int epoch, int round, long iteration, double lossSum, long seen, EvalSums running,
                        Weights weights, String stopReason) {
        if (control.checkpoints() != null) {
            control.checkpoints().commit(new Checkpoint(epoch, round, iteration, lossSum, seen, running, weights,
                    stopping.state(), history.epochs(), best, bestVal, valSums, stopReason, plateau.state()));
        }
    }

    private StoppedException stopped(String where) {
        return new StoppedException("stopped by SIGTERM " + where + (control.checkpoints() == null ? ""
                : "; checkpoint committed in " + control.checkpoints().dir() + "; rerun the same --run-id to resume"));
    }

    private TrainResult finish(Epoch last, int epochsRun, boolean early, String reason) {
        boolean restore = spec.earlyStopping().enabled() && spec.earlyStopping().restoreBestWeights()
                && stopping.bestEpoch() != epochsRun;
        if (restore) {
            control.console().accept("restoring the weights of epoch " + stopping.bestEpoch()
                    + " (training.early_stopping.restore_best_weights)");
            return new TrainResult(best.params(), best.updaterState(), history, stopping.bestEpoch(), epochsRun,
                    early, reason, true, bestVal, metrics);
        }
        return new TrainResult(last.weights().params(), last.weights().updaterState(), history, stopping.bestEpoch(),
                epochsRun, early, reason, false, valSums, metrics);
    }
}
