package dev.sparkfit.bench;

import dev.sparkfit.ml.SplitTraining;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.config.DataFormat;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.data.Block;
import dev.sparkfit.data.InputTable;
import dev.sparkfit.data.InputTables;
import dev.sparkfit.eval.EvalSums;
import dev.sparkfit.eval.Metrics;
import dev.sparkfit.eval.Scorer;
import dev.sparkfit.job.SparkSessions;
import dev.sparkfit.train.RunControl;
import dev.sparkfit.train.TrainResult;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The convergence sweep in one JVM: reads, checks and prepares the training rows once (as
 * {@code sparkfit train} does, through {@link SplitTraining}), packs them once per worker count, and
 * trains every averaging setting and variant on those same blocks with the engine a user's run uses;
 * each model is scored on the test rows read as {@code sparkfit evaluate} reads them. Prints each
 * cell as {@value #CELL} and JSON when it is done.
 */
public final class SweepWorker {

    static final String CELL = "SWEEP_CELL ";
    static final ObjectMapper JSON = new ObjectMapper();

    private SweepWorker() {
    }

    public static void main(String[] args) throws Exception {
        SweepOptions o = JSON.readValue(args[0], SweepOptions.class);
        SparkSession spark = SparkSessions.create("sparkfit bench --workers", o.bench().master(),
                Map.of("spark.ui.enabled", "false", "spark.driver.host", "127.0.0.1"));
        try {
            run(spark, o, cell -> {
                try {
                    System.out.println(CELL + JSON.writeValueAsString(cell));
                    System.out.flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } finally {
            spark.stop();
        }
        System.exit(0); // Spark's and ND4J's non-daemon threads must not keep the process alive
    }

    static void run(SparkSession spark, SweepOptions o, Consumer<SweepCell> out) {
        Consumer<String> log = System.err::println;
        JobSpec base = spec(o, o.workers().get(0), "auto", List.of());
        long t0 = System.nanoTime();
        InputTable table = InputTables.forTraining(spark, base.data(), log);
        SplitTraining.Prepared prepared = SplitTraining.prepare(base, base.training(), table, table.rows(), log);
        InputTable test = InputTables.forModel(spark, new dev.sparkfit.config.DataSource.Files(o.bench().test(), DataFormat.AUTO), table.numeric(),
                table.categorical(), table.label(), table.task(), prepared.head().classes(), base.data().missing(), false);
        JavaRDD<Block> testBlocks = prepared.pack(test.rows(), 0);
        log.accept(String.format(java.util.Locale.ROOT, "sweep: data read, checked and prepared once (%.1f s)",
                (System.nanoTime() - t0) / 1e9));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        boolean anySync = o.variants().stream().anyMatch(SweepOptions.Variant::synchronous);
        // Synchronous cells train one replica, so every row goes into one block (packed once for all counts).
        JavaRDD<Block> oneBlock = anySync ? prepared.pack(table.rows(), 1) : null;
        try {
            for (int workers : o.workers()) {
                JavaRDD<Block> blocks = prepared.pack(table.rows(), workers);
                try {
                    for (String averaging : o.averaging()) {
                        for (SweepOptions.Variant v : o.variants()) {
                            if (!v.synchronous()) {
                                out.accept(cell(spark, jsc, o, prepared, blocks, testBlocks, workers, averaging, v));
                            } else if (averaging.equals(o.averaging().get(0))) { // averaging does not apply
                                out.accept(syncCell(spark, jsc, o, prepared, oneBlock, testBlocks, workers, v));
                            }
                        }
                    }
                } finally {
                    blocks.unpersist(false);
                }
            }
        } finally {
            if (oneBlock != null) {
                oneBlock.unpersist(false);
            }
            testBlocks.unpersist(false);
            table.release();
        }
    }

    /**
     * Synchronous data parallelism at {@code workers}: each step averages K workers' gradients of a
     * minibatch each, which is one replica's step on K minibatches; Adam's rate grows with sqrt(K).
     */
    private static SweepCell syncCell(SparkSession spark, JavaSparkContext jsc, SweepOptions o,
                                      SplitTraining.Prepared base, JavaRDD<Block> oneBlock, JavaRDD<Block> testBlocks,
                                      int workers, SweepOptions.Variant v) {
        JobSpec k = spec(o, workers, "epoch", v.overrides());
        int batch = k.training().batchSize() * workers;
        double rate = k.optimizer().learningRate() * Math.sqrt(workers);
        List<String> sets = new ArrayList<>(v.overrides());
        sets.add("training.batch_size=" + batch);
        sets.add("optimizer.learning_rate=" + rate);
        SweepCell c = cell(spark, jsc, o, base, oneBlock, testBlocks, 1, "epoch", new SweepOptions.Variant(v.name(), sets));
        String settings = String.format(java.util.Locale.ROOT, "synchronous: 1 replica, batch %d, learning rate %.4g", batch, rate);
        return new SweepCell(workers, "every step", v.name(), c.testAccuracy(), c.testLoss(), c.epochSeconds(),
                c.totalSeconds(), settings);
    }

    private static SweepCell cell(SparkSession spark, JavaSparkContext jsc, SweepOptions o,
                                  SplitTraining.Prepared base, JavaRDD<Block> blocks, JavaRDD<Block> testBlocks,
                                  int workers, String averaging, SweepOptions.Variant v) {
        JobSpec spec = spec(o, workers, averaging, v.overrides());
        SplitTraining.Prepared p = base.withNetwork(spec);
        List<String> settings = new ArrayList<>();
        String name = workers + " workers, averaging " + averaging + ", " + v.name();
        RunControl control = RunControl.of(line -> {
            System.err.println(name + ": " + line);
            if (line.startsWith(workers + " workers:")) {
                settings.add(line.substring(line.indexOf(':') + 2));
            }
        });
        long t0 = System.nanoTime();
        TrainResult r = p.train(spark, spec.training(), blocks, null, control);
        double seconds = (System.nanoTime() - t0) / 1e9;
        EvalSums sums = Scorer.score(jsc, testBlocks, r.params(), p.conf().toJson(), p.head());
        Map<String, Double> test = Metrics.of(sums, p.head(), "");
        List<Double> epochs = r.history().epochs().stream().map(e -> e.seconds()).toList();
        return new SweepCell(workers, averaging, v.name(), test.getOrDefault("accuracy", Double.NaN), test.get("loss"),
                epochs, seconds, settings.isEmpty() ? "" : settings.get(0));
    }

    /** The benchmark's spec for one cell: the workload, {@code workers}, {@code averaging}, then the overrides. */
    static JobSpec spec(SweepOptions o, int workers, String averaging, List<String> variant) {
        List<String> sets = new ArrayList<>(o.overrides());
        sets.add("training.workers=" + workers);
        sets.addAll(variant);
        return SpecLoader.parse(SparkfitSystem.spec(o.bench(), "averaging", averaging), "sweep.yaml", sets);
    }
}
