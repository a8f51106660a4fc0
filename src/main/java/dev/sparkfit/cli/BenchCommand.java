package dev.sparkfit.cli;

import dev.sparkfit.bench.BenchOptions;
import dev.sparkfit.bench.BenchReport;
import dev.sparkfit.bench.BenchResult;
import dev.sparkfit.bench.Benchmark;
import dev.sparkfit.bench.Sweep;
import dev.sparkfit.bench.SweepOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sparkfit bench}: sparkfit against DL4J's Spark master, single-JVM DL4J and MLlib on MNIST; with
 * several worker counts, the convergence sweep (accuracy and epoch time per worker count and setting).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark sparkfit against DL4J (Spark and single JVM) and Spark MLlib on MNIST-format CSVs.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--train", description = "mnist_train.csv (scripts/fetch-mnist.sh DIR)")
    String train;

    @Option(names = "--test", description = "mnist_test.csv")
    String test;

    @Option(names = "--epochs", defaultValue = "3", description = "epochs per system (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--hidden", split = ",", defaultValue = "128,64", description = "hidden layer units (default ${DEFAULT-VALUE})")
    List<Integer> hidden;

    @Option(names = "--batch-size", defaultValue = "64", description = "minibatch per worker (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.001", description = "Adam learning rate (default ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--master", defaultValue = "local[2]", description = "Spark master (default ${DEFAULT-VALUE})")
    String master;

    @Option(names = "--workers", split = ",", defaultValue = "2", description = "Spark workers (default ${DEFAULT-VALUE});"
            + " several counts (e.g. 2,8,32,64) run the convergence sweep")
    List<Integer> workers;

    @Option(names = "--sweep", description = "run the convergence sweep even for one worker count")
    boolean sweep;

    @Option(names = "--averaging", split = ",", defaultValue = "auto,epoch,8",
            description = "sweep: training.averaging settings (default ${DEFAULT-VALUE})")
    List<String> averaging;

    @Option(names = "--variant", description = "sweep: default, outer, no-outer, plain, sync, or NAME:KEY=VALUE[;KEY=VALUE...]"
            + " (repeatable; default: default and outer, i.e. without and with an outer step; sync: synchronous"
            + " data parallelism at each worker count, one replica with workers x the batch and Adam's rate x sqrt(workers))")
    List<String> variants;

    @Option(names = "--set", description = "sweep: KEY=VALUE for every cell, as train's --set (repeatable)")
    List<String> sets;

    @Option(names = "--systems", split = ",", description = "subset to run (default: all this Spark line runs)")
    List<String> systems = BenchOptions.available();

    @Option(names = "--out", defaultValue = "bench-results", description = "folder for bench.json, bench.html, logs")
    Path out;

    @Option(names = "--in-process", hidden = true, description = "run every system in this JVM and its Spark session"
            + " (a smoke test of the systems: their times then share one JVM's warm caches and mean nothing)")
    boolean inProcess;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--scaling", description = "instead: epoch time and driver heap at ROWS, 4x and 16x ROWS of"
            + " synthetic 784-wide rows, and for 1, 2, 4 workers on local[2] and local[4]; with --train, first the read"
            + " path at --read-multiples of its rows (ROWS 0: the read path only; see docs/BENCHMARKS.md)",
            paramLabel = "ROWS")
    Long scalingRows;

    @Option(names = "--read-multiples", split = ",", defaultValue = "1,4,16",
            description = "with --scaling and --train: the read path (CSV and Parquet) at these multiples of the"
                    + " CSV's rows (default ${DEFAULT-VALUE})")
    List<Integer> readMultiples;

    @Override
    public Integer call() throws Exception {
        var out0 = command.commandLine().getOut();
        if (scalingRows != null) {
            String tables = new dev.sparkfit.bench.Scaling(scalingRows, Math.max(2, epochs), out,
                    Console.lines(out0), train == null ? null : Path.of(train), readMultiples).run();
            out0.println(tables);
            out0.println("wrote " + out.resolve("scaling.json"));
            return ExitCodes.OK;
        }
        if (train == null || test == null) {
            throw new picocli.CommandLine.ParameterException(command.commandLine(),
                    "--train and --test are required (or --scaling ROWS)");
        }
        BenchOptions o = new BenchOptions(train, test, epochs, hidden, batchSize, learningRate, master, workers.get(0), 42,
                systems);
        var console = command.commandLine().getOut();
        if (sweep || workers.size() > 1) {
            SweepOptions so;
            try {
                so = new SweepOptions(o, workers, averaging, (variants == null ? List.of(SweepOptions.DEFAULT,
                        SweepOptions.OUTER) : variants).stream().map(SweepOptions.Variant::parse).toList(),
                        sets == null ? List.of() : sets);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(command.commandLine(), e.getMessage());
            }
            console.println(new Sweep(so, out, Console.lines(console)).run());
            console.println("wrote " + out.resolve("sweep.json") + " and " + out.resolve("sweep.md"));
            return ExitCodes.OK;
        }
        List<BenchResult> results = new Benchmark(o, out.resolve("logs"), Console.lines(console), inProcess).run();
        long rows;
        try (var lines = Files.lines(Path.of(train))) {
            rows = lines.count() - 1;
        }
        BenchReport report = new BenchReport(o, results, rows);
        report.write(out);
        console.println(report.text());
        console.println("wrote " + out.resolve("bench.json") + " and " + out.resolve("bench.html"));
        return ExitCodes.OK;
    }
}
