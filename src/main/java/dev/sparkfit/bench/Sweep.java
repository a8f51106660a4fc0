package dev.sparkfit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the convergence sweep ({@link SweepWorker}) in one child JVM with one BLAS thread, prints each
 * cell as it finishes, and writes {@code sweep.json} and {@code sweep.md} (the table for
 * docs/BENCHMARKS.md): per worker count, averaging setting and variant, the test accuracy after the
 * epochs and the median epoch time.
 */
public final class Sweep {

    private final SweepOptions options;
    private final Path out;
    private final Consumer<String> console;

    public Sweep(SweepOptions options, Path out, Consumer<String> console) {
        this.options = options;
        this.out = out;
        this.console = console;
    }

    /** Runs every cell and returns the table. */
    public String run() throws IOException, InterruptedException {
        List<SweepCell> cells = new ArrayList<>();
        List<String> cmd = ChildJvm.command(SweepWorker.class, "8g", List.of(SweepWorker.JSON.writeValueAsString(options)));
        console.accept("bench: convergence sweep over " + options.workers() + " workers, averaging " + options.averaging()
                + ", variants " + options.variants().stream().map(SweepOptions.Variant::name).toList()
                + " (log: " + out.resolve("logs").resolve("sweep.log") + ")");
        ChildJvm.run(cmd, Map.of("OMP_NUM_THREADS", "1"), SweepWorker.CELL, out.resolve("logs").resolve("sweep.log").toFile(),
                24, "bench: convergence sweep", line -> {
                    try {
                        SweepCell c = SweepWorker.JSON.readValue(line, SweepCell.class);
                        cells.add(c);
                        console.accept(String.format(Locale.ROOT, "bench: %d workers, averaging %s, %s: test accuracy %.4f,"
                                + " median epoch %.2f s (%s)", c.workers(), c.averaging(), c.variant(), c.testAccuracy(),
                                c.medianEpochSeconds(), c.settings()));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        String table = table(cells);
        Files.createDirectories(out);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", java.time.LocalDate.now().toString());
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("options", options);
        json.put("cells", cells);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("sweep.json").toFile(), json);
        Files.writeString(out.resolve("sweep.md"), table);
        return table;
    }

    /** A Markdown table: one row per cell, in the order they ran. */
    static String table(List<SweepCell> cells) {
        StringBuilder t = new StringBuilder("| workers | averaging | variant | test acc | median s/epoch | settings |\n"
                + "|---|---|---|---|---|---|\n");
        for (SweepCell c : cells) {
            t.append(String.format(Locale.ROOT, "| %d | %s | %s | %.4f | %.2f | %s |%n", c.workers(), c.averaging(),
                    c.variant(), c.testAccuracy(), c.medianEpochSeconds(), c.settings()));
        }
        return t.toString();
    }
}
