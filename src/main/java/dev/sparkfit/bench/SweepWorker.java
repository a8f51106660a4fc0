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
        try {
            for (int workers : o.workers()) {
                JavaRDD<Block> blocks = prepared.pack(table.rows(), workers);
                try {
                    for (String averaging : o.averaging()) {
                        for (SweepOptions.Variant v : o.variants()) {
                            out.accept(cell(spark, jsc, o, prepared, blocks, testBlocks, workers, averaging, v));
                        }
                    }
                } finally {
                    blocks.unpersist(false);
                }
            }
        } finally {
            testBlocks.unpersist(false);
            table.release();
        }
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
