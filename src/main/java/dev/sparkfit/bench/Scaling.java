package dev.sparkfit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code sparkfit bench --scaling}: how cost grows. Epoch time and driver heap at 1x, 4x and 16x the
 * given rows (two workers, local[2]), then epoch time for 1, 2 and 4 workers on local[2] and local[4].
 * Each cell runs in its own JVM ({@link ScalingWorker}); the table reports the last epoch (warm). Given an
 * MNIST-format CSV, first the real read path at multiples of its rows, CSV and Parquet ({@link ReadScaling}).
 */
public final class Scaling {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long baseRows;
    private final int epochs;
    private final Path out;
    private final Consumer<String> console;
    private final Path train;
    private final List<Integer> readMultiples;

    public Scaling(long baseRows, int epochs, Path out, Consumer<String> console) {
        this(baseRows, epochs, out, console, null, List.of());
    }

    /**
     * @param train         an MNIST-format CSV whose rows the read path is measured on, or null
     * @param readMultiples multiples of its rows (e.g. 1, 4, 16) for the read table
     * @param baseRows      rows of the synthetic tables' first cell; 0 leaves those tables out
     */
    public Scaling(long baseRows, int epochs, Path out, Consumer<String> console, Path train, List<Integer> readMultiples) {
        this.baseRows = baseRows;
        this.epochs = epochs;
        this.out = out;
        this.console = console;
        this.train = train;
        this.readMultiples = List.copyOf(readMultiples);
    }

    /** Runs every cell and writes {@code scaling.json}; returns the tables as Markdown. */
    public String run() throws IOException, InterruptedException {
        List<ReadScalingWorker.Cell> reads = train == null || readMultiples.isEmpty() ? List.of()
                : new ReadScaling(train, readMultiples, out, console).run();
        List<ScalingWorker.Cell> byRows = new ArrayList<>();
        for (long rows : baseRows == 0 ? new long[0] : new long[] {baseRows, 4 * baseRows, 16 * baseRows}) {
            byRows.add(cell(rows, 2, "local[2]"));
        }
        List<ScalingWorker.Cell> byWorkers = new ArrayList<>();
        for (String master : baseRows == 0 ? List.<String>of() : List.of("local[2]", "local[4]")) {
            for (int workers : new int[] {1, 2, 4}) {
                byWorkers.add(cell(baseRows, workers, master));
            }
        }
        Files.createDirectories(out);
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("scaling.json").toFile(),
                java.util.Map.of("by_rows", byRows, "by_workers", byWorkers, "read", reads));
        StringBuilder t = new StringBuilder(reads.isEmpty() ? "" : ReadScaling.table(reads) + "\n");
        t.append("| rows | epoch s | s per 60k rows | driver heap MB (minus blocks) | blocks MB |\n|---|---|---|---|---|\n");
        for (ScalingWorker.Cell c : byRows) {
            double s = last(c.epochSeconds());
            t.append(String.format(Locale.ROOT, "| %,d | %.2f | %.2f | %.0f | %.0f |%n", c.rows(), s,
                    s / c.rows() * 60_000, last(c.heapMb()), c.blocksMb()));
        }
        t.append("\n| master | workers | epoch s |\n|---|---|---|\n");
        for (ScalingWorker.Cell c : byWorkers) {
            t.append(String.format(Locale.ROOT, "| %s | %d | %.2f |%n", c.master(), c.workers(), last(c.epochSeconds())));
        }
        return t.toString();
    }

    private static double last(List<Double> xs) {
        return xs.get(xs.size() - 1);
    }

    private ScalingWorker.Cell cell(long rows, int workers, String master) throws IOException, InterruptedException {
        console.accept("scaling: " + rows + " rows, " + workers + " workers, " + master + " ...");
        // Room for the blocks (rows x 794 floats) in this local-mode JVM, plus Spark's own needs.
        long heapMb = 2048 + rows * 794 * 4 / (1 << 20) * 2;
        List<String> cmd = ChildJvm.command(ScalingWorker.class, heapMb + "m",
                List.of(Long.toString(rows), Integer.toString(workers), master, Integer.toString(epochs)));
        File log = out.resolve("logs").resolve("scaling-" + rows + "-" + workers + "-" + master.replaceAll("\\W", "")
                + ".log").toFile();
        String result = ChildJvm.run(cmd, java.util.Map.of("OMP_NUM_THREADS", "1"), ScalingWorker.PREFIX, log, 1,
                "scaling cell " + rows + " rows, " + workers + " workers, " + master);
        ScalingWorker.Cell c = JSON.readValue(result, ScalingWorker.Cell.class);
        console.accept(String.format(Locale.ROOT, "scaling: %,d rows, %d workers, %s: last epoch %.2f s, driver heap %.0f MB beyond the %.0f MB of blocks",
                c.rows(), c.workers(), c.master(), last(c.epochSeconds()), last(c.heapMb()), c.blocksMb()));
        return c;
    }
}
