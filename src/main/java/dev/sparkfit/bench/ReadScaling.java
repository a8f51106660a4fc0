package dev.sparkfit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The read path at 1x, 4x and 16x an MNIST-format CSV's rows ({@code sparkfit bench --scaling ROWS --train
 * FILE}): the CSV written with its body repeated, the same rows as Parquet (k hard links to one file), each
 * read and checked in its own JVM ({@link ReadScalingWorker}). Files go under {@code OUT/read/}.
 */
final class ReadScaling {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path train;
    private final List<Integer> multiples;
    private final Path out;
    private final Consumer<String> console;

    ReadScaling(Path train, List<Integer> multiples, Path out, Consumer<String> console) {
        this.train = train;
        this.multiples = List.copyOf(multiples);
        this.out = out;
        this.console = console;
    }

    List<ReadScalingWorker.Cell> run() throws IOException, InterruptedException {
        Path dir = Files.createDirectories(out.resolve("read"));
        Path parquet1 = dir.resolve("train-x1.parquet");
        if (!Files.exists(parquet1)) {
            child(List.of(ReadScalingWorker.WRITE_PARQUET, train.toAbsolutePath().toString(), parquet1.toString()),
                    "write Parquet", 4096);
        }
        List<ReadScalingWorker.Cell> cells = new ArrayList<>();
        for (int k : multiples) {
            Path csv = csv(dir, k);
            Path parquet = parquet(dir, parquet1, k);
            for (String format : List.of("csv", "parquet")) {
                Path p = format.equals("csv") ? csv : parquet;
                long mb = 1024 + (long) k * 60_000 * 800 * 8 / (1 << 20) * 2; // the cached arrays, with room to spare
                String json = child(List.of(format, Integer.toString(k), p.toString()), format + " x" + k, mb);
                ReadScalingWorker.Cell c = JSON.readValue(json, ReadScalingWorker.Cell.class);
                console.accept(String.format(Locale.ROOT, "scaling: read %s x%d: %,d rows in %.1f s, driver heap %.0f MB"
                        + " beyond %.0f MB of arrays", format, k, c.rows(), c.seconds(), c.heapMb(), c.arraysMb()));
                cells.add(c);
            }
        }
        return cells;
    }

    static String table(List<ReadScalingWorker.Cell> cells) {
        StringBuilder t = new StringBuilder("| input | rows | read and checked s | s per 60k rows | driver heap MB"
                + " (minus arrays) | arrays MB |\n|---|---|---|---|---|---|\n");
        for (ReadScalingWorker.Cell c : cells) {
            t.append(String.format(Locale.ROOT, "| %s x%d | %,d | %.1f | %.2f | %.0f | %.0f |%n", c.format(), c.multiple(),
                    c.rows(), c.seconds(), c.seconds() / c.rows() * 60_000, c.heapMb(), c.arraysMb()));
        }
        return t.toString();
    }

    /** The CSV with its body written {@code k} times under one header. */
    Path csv(Path dir, int k) throws IOException {
        if (k == 1) {
            return train.toAbsolutePath();
        }
        Path p = dir.resolve("train-x" + k + ".csv");
        if (Files.exists(p)) {
            return p;
        }
        Path tmp = dir.resolve(".train-x" + k + ".csv.tmp");
        String header;
        try (BufferedReader r = Files.newBufferedReader(train, StandardCharsets.UTF_8)) {
            header = r.readLine();
        }
        long skip = header.getBytes(StandardCharsets.UTF_8).length + 1;
        try (OutputStream o = Files.newOutputStream(tmp)) {
            o.write((header + "\n").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < k; i++) {
                try (var in = Files.newInputStream(train)) {
                    in.skipNBytes(skip);
                    in.transferTo(o);
                }
            }
        }
        return Files.move(tmp, p);
    }

    /** A folder of {@code k} hard links to the 1x Parquet data files: k times the rows, no extra disk. */
    static Path parquet(Path dir, Path parquet1, int k) throws IOException {
        if (k == 1) {
            return parquet1;
        }
        Path p = dir.resolve("train-x" + k + ".parquet");
        if (Files.exists(p)) {
            return p;
        }
        Path tmp = Files.createDirectories(dir.resolve(".train-x" + k + ".parquet.tmp"));
        List<Path> parts;
        try (var files = Files.list(parquet1)) {
            parts = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList();
        }
        for (int i = 0; i < k; i++) {
            for (Path f : parts) {
                Files.createLink(tmp.resolve("copy" + i + "-" + f.getFileName()), f);
            }
        }
        return Files.move(tmp, p);
    }

    private String child(List<String> args, String what, long heapMb) throws IOException, InterruptedException {
        List<String> cmd = ChildJvm.command(ReadScalingWorker.class, heapMb + "m", args);
        java.io.File log = out.resolve("logs").resolve("read-" + what.replaceAll("\\W", "-") + ".log").toFile();
        Files.createDirectories(log.toPath().getParent());
        return ChildJvm.run(cmd, java.util.Map.of("OMP_NUM_THREADS", "1"), ReadScalingWorker.PREFIX, log, 1,
                "scaling read " + what);
    }
}
