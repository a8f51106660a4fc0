package dev.sparkfit.train;

import dev.sparkfit.config.Engine;
import dev.sparkfit.config.OptimizerState;
import dev.sparkfit.data.Block;
import dev.sparkfit.eval.EvalSums;
import dev.sparkfit.model.LocalNetworks;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.List;
import java.util.Optional;

/**
 * sparkfit's engine, the driver side of data-parallel SGD with parameter averaging. Each round
 * broadcasts the current {@link Weights} (as a {@link ParamState} with the workers' learning rate),
 * every partition trains on its share of minibatches ({@link AveragingRound}), {@code treeAggregate}
 * brings back example-weighted sums, and the driver's {@link OuterStep} turns their mean into the
 * next round's weights. The driver holds parameters, never rows.
 */
public final class AveragingTrainer implements DistributedTrainer {

    private final TrainingContext context;
    private final String confJson;
    private final boolean fused;

    public AveragingTrainer(TrainingContext context) {
        this.context = context;
        this.confJson = context.conf().toJson();
        Optional<String> unsupported = FusedCoverage.unsupported(context.conf());
        Engine engine = context.spec().engine();
        this.fused = engine == Engine.AVERAGING && unsupported.isEmpty();
        if (context.classWeights() != null && !fused) {
            throw new dev.sparkfit.config.SpecException("training.class_weight needs the fused dense step, which "
                    + unsupported.map(u -> "does not do " + u).orElse("is not used") + " (leave out dropout or class_weight)");
        }
        String why = engine != Engine.AVERAGING ? "training.engine: " + engine.key()
                : unsupported.map(u -> "the fused step does not do " + u).orElse("");
        context.control().console().accept("worker step: "
                + (fused ? "fused dense step" : "DL4J MultiLayerNetwork.fit (" + why + ")"));
    }

    /** How an epoch splits into rounds, and what every round of this run shares. */
    private record Plan(int rounds, int every, ParallelSettings settings, LearningRate learningRate) {
    }

    /** What the rounds of a partly trained epoch have added up so far. */
    private record Totals(double lossSum, long seen, EvalSums running, boolean partial) {

        Totals add(WorkerResult r) {
            EvalSums sums = running == null || r.running() == null ? null : running.merge(r.running());
            return new Totals(lossSum + r.lossSum(), seen + r.examples(), sums, partial);
        }
    }

    @Override
    public TrainResult fit(JavaRDD<Block> train, JavaRDD<Block> val) {
        List<Integer> sizes = train.map(Block::rows).collect(); // one count per partition, not rows
        long trainRows = sizes.stream().mapToLong(Integer::longValue).sum();
        int batch = context.spec().batchSize();
        int maxBatches = sizes.stream().mapToInt(r -> (r + batch - 1) / batch).max().orElse(0);
        ParallelSettings settings = ParallelSettings.resolve(context.spec(), sizes.size(), maxBatches);
        IUpdater updater = ((BaseLayer) context.conf().getConf(0).getLayer()).getIUpdater();
        double baseRate = updater.getLearningRate(0, 0);
        context.control().console().accept(settings.describe(baseRate));
        int every = settings.averagingEvery() == 0 ? Integer.MAX_VALUE : settings.averagingEvery();
        int rounds = settings.averagingEvery() == 0 ? 1 : Math.max(1, (maxBatches + every - 1) / every);
        // optimizer.schedule and the plateau factor shape the optimizer's rate; the worker-count scaling goes on top.
        LearningRate rate = new LearningRate(new ScheduledRate(baseRate, context.optimizerSchedule(), maxBatches, 1.0),
                settings.lrFactor(), Math.round(settings.warmupEpochs() * maxBatches), 0);
        Plan plan = new Plan(rounds, every, settings, rate);

        EpochLoop loop = new EpochLoop(context.jsc(), context.spec(), context.head(), confJson, context.control(),
                context.metrics(), context.classWeights());
        Checkpoint resume = loop.resumePoint();
        return loop.run(train, val, trainRows, EpochLoop.Epoch.start(initialWeights(), 0),
                (epoch, previous) -> epoch(train, plan, loop, resume, epoch, previous, trainRows));
    }

    private Weights initialWeights() {
        MultiLayerNetwork init = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(confJson));
        init.init();
        float[] params = context.initialParams() != null ? context.initialParams().clone() : init.params().toFloatVector();
        float[] state = LocalNetworks.updaterState(init);
        init.close();
        return Weights.of(params, state);
    }

    /** One epoch: its averaging rounds, from where {@code previous} ended (or from mid-epoch on a resume). */
    private EpochLoop.Epoch epoch(JavaRDD<Block> train, Plan plan, EpochLoop loop, Checkpoint resume, int epoch,
                                  EpochLoop.Epoch previous, long trainRows) {
        boolean continuing = resume != null && epoch == resume.epoch() + 1;
        // Running training metrics, when the step keeps them (a checkpoint of a partly done epoch carries
        // them; one from before they existed does not, and that epoch is then scored in a pass).
        boolean midEpoch = continuing && resume.round() > 0;
        EvalSums running = !fused ? null : midEpoch ? resume.running()
                : EvalSums.empty(context.head(), context.metrics().anyWeighted());
        Totals totals = continuing ? new Totals(resume.lossSum(), resume.seen(), running, midEpoch && running == null)
                : new Totals(0, 0, running, false);
        Weights weights = previous.weights();
        long iteration = previous.iteration();
        // The rate of this epoch: the plateau factor reached so far folded into the schedule.
        ScheduledRate scheduled = ((ScheduledRate) plan.learningRate().base()).withPlateauFactor(loop.lrFactor());
        LearningRate rate = new LearningRate(scheduled, plan.learningRate().scale(), plan.learningRate().warmup(),
                plan.learningRate().offset());
        for (int r = continuing ? resume.round() : 0; r < plan.rounds(); r++) {
            WorkerResult sum = round(train, plan, rate, weights, iteration, epoch, r);
            if (sum.examples() > 0) {
                weights = plan.settings().outer().apply(weights, sum.meanParams(), sum.meanState());
            }
            totals = totals.add(sum);
            iteration += sum.maxBatches();
            if (r + 1 < plan.rounds()) { // at the epoch's end the loop commits, after scoring
                loop.stopIfRequested(epoch, r + 1, iteration, totals.lossSum(), totals.seen(), totals.running(), weights);
            }
        }
        if (totals.seen() != trainRows) {
            throw new IllegalStateException("epoch " + epoch + " saw " + totals.seen() + " rows, expected " + trainRows);
        }
        // Keras reports the running mean loss over the epoch; the loop measures the other metrics.
        return new EpochLoop.Epoch(weights, totals.lossSum() / totals.seen(), totals.partial() ? null : totals.running(),
                iteration, rate.valueAt((int) Math.max(0, iteration - 1), epoch - 1));
    }

    /** Round {@code r} of {@code epoch} from {@code start}: one Spark job; the workers' summed results. */
    private WorkerResult round(JavaRDD<Block> train, Plan plan, LearningRate rate, Weights start, long iteration,
                               int epoch, int r) {
        RunControl control = context.control();
        String job = control.job(epoch, context.spec().epochs(),
                plan.rounds() > 1 ? "averaging round " + (r + 1) + "/" + plan.rounds() : "training");
        context.jsc().setJobDescription(job);
        boolean reset = plan.settings().state() == OptimizerState.RESET;
        // A reset state restarts the workers' iteration count (Adam's bias correction) but not the rate's.
        ParamState state = reset
                ? new ParamState(start.params(), new float[start.updaterState().length], 0, epoch - 1,
                        rate.from(iteration))
                : new ParamState(start.params(), start.updaterState(), (int) iteration, epoch - 1, rate);
        int first = r * plan.every();
        int last = plan.rounds() == 1 ? Integer.MAX_VALUE : (r + 1) * plan.every();
        WorkerResult sum;
        try {
            sum = aggregate(train, state, first, last);
        } catch (Exception e) { // Scala throws SparkException (checked) without declaring it
            throw failed(job, e);
        }
        if (sum.divergedPartition() >= 0) {
            throw new DivergedException("training diverged in epoch " + epoch + ": the loss of worker "
                    + sum.divergedPartition() + " became NaN or infinite; try a lower optimizer.learning_rate");
        }
        return sum;
    }

    private WorkerResult aggregate(JavaRDD<Block> train, ParamState state, int firstBatch, int lastBatch) {
        Broadcast<ParamState> bc = context.jsc().broadcast(state);
        try {
            AveragingRound worker = new AveragingRound(bc, confJson, context.head(), fused, context.spec().batchSize(),
                    firstBatch, lastBatch, context.spec().seed(), context.classWeights(), context.metrics().anyWeighted());
            // treeAggregate, not collect: partial sums meet on the executors, the driver gets a few.
            return train.mapPartitions(worker).treeAggregate(WorkerResult.empty(), WorkerResult::merge,
                    WorkerResult::merge, 2);
        } finally {
            bc.destroy();
        }
    }

    /** A Spark failure (its retries spent) becomes one line naming this job; anything else passes through. */
    private static RuntimeException failed(String job, Exception e) {
        Throwable spark = e;
        while (spark != null && !(spark instanceof org.apache.spark.SparkException)) {
            spark = spark.getCause();
        }
        if (spark != null) {
            return new StageFailedException(job, spark);
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
}
