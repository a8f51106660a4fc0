package dev.sparkfit.cli;

import dev.sparkfit.testutil.Cli;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Randomly corrupted specs and CSV files through the real {@code sparkfit train}: every case ends with
 * exit 0, 2 or 3 and, on failure, one line on stderr (no stack trace, nothing uncaught). Specs stop
 * before Spark (a valid one stops at the non-empty {@code --out}); CSVs are small and train one epoch
 * (few tries: a valid CSV costs a whole training run, ~2 s).
 * Seeds are fixed so the suite is repeatable; change them to explore further.
 */
class InputFuzzTest {

    static final String SPEC = String.join("\n",
            "name: fuzz",
            "data:",
            "  path: data-samples/iris.csv",
            "  label: species",
            "  task: classification",
            "  bad_records: fail",
            "model:",
            "  hidden:",
            "    - {units: 4, activation: relu}",
            "  loss: auto",
            "optimizer: {name: adam, learning_rate: 0.01}",
            "training:",
            "  epochs: 1",
            "  batch_size: 16",
            "  validation_split: 0.2",
            "  early_stopping: {monitor: val_loss, patience: 2}",
            "cv: {folds: 3}",
            "");
    static final List<String> TOKENS = List.of("-1", "0", "1e309", "abc", "[]", "{}", "null", "''", "true", "1.5",
            "NaN", ".inf", "~", "99999999999999999999", "\"", "{units: -3}", "[1, [2]]", "&a", "*a", "!!binary x",
            "é", "\t", "- x", ": :", "softmax", "mse", "sgd");
    static final List<String> CELLS = List.of("", "NaN", "Infinity", "-Infinity", "abc", "1e400", "\"", "\"a,b\"",
            ",", "-0", "１２", "\u0000", " ", "1,2", "\"\"\"", "0x10", "1_000", "setosa\nx");
    static final AtomicLong COUNTER = new AtomicLong();
    static Path dir;

    static synchronized Path dir() throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("fuzz");
            Files.writeString(Files.createDirectories(dir.resolve("used")).resolve("keep"), "x");
        }
        return dir;
    }

    @Property(tries = 300, seed = "20261125", shrinking = ShrinkingMode.OFF)
    void corruptedSpecsEndWith2OrAreValid(@ForAll("specs") String yaml) throws IOException {
        Path f = dir().resolve("spec-" + COUNTER.incrementAndGet() + ".yaml");
        Files.writeString(f, yaml, StandardCharsets.UTF_8);
        Cli r = Cli.run("train", "--spec", f.toString(), "--out", dir().resolve("used").toString());
        assertEquals(2, r.exitCode(), () -> r.err() + "\n--- spec:\n" + yaml);
        assertOneLine(r, yaml);
    }

    @Property(tries = 16, seed = "20261125", shrinking = ShrinkingMode.OFF)
    void corruptedCsvFilesEndWith0Or3(@ForAll("csvs") String csv) throws IOException {
        long n = COUNTER.incrementAndGet();
        Path data = dir().resolve("data-" + n + ".csv");
        Files.writeString(data, csv, StandardCharsets.UTF_8);
        Path spec = dir().resolve("csv-spec.yaml");
        if (!Files.exists(spec)) {
            Files.writeString(spec, SPEC.replace("  validation_split: 0.2", "  validation_split: 0.25\n  workers: 2"));
        }
        Cli r = Cli.run("train", "--spec", spec.toString(), "--set", "data.path=" + data,
                "--out", dir().resolve("run-" + n).toString());
        assertTrue(r.exitCode() == 0 || r.exitCode() == 2 || r.exitCode() == 3,
                () -> "exit " + r.exitCode() + ": " + r.err() + "\n--- csv:\n" + csv);
        if (r.exitCode() != 0) {
            assertOneLine(r, csv);
        }
    }

    static void assertOneLine(Cli r, String input) {
        String err = r.err().strip();
        assertTrue(err.startsWith("sparkfit: "), () -> err + "\n--- input:\n" + input);
        assertEquals(1, err.lines().count(), () -> "not one line: " + err + "\n--- input:\n" + input);
        assertFalse(err.contains("\tat ") || err.contains("Exception in thread"), err);
    }

    @Provide
    Arbitrary<String> specs() {
        Arbitrary<int[]> op = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 10_000))
                .as((kind, at, pick) -> new int[] {kind, at, pick});
        return op.list().ofMinSize(1).ofMaxSize(3).map(ops -> {
            String s = SPEC;
            for (int[] o : ops) {
                s = mutateSpec(s, o[0], o[1], o[2]);
            }
            return s;
        });
    }

    static String mutateSpec(String s, int kind, int at, int pick) {
        List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
        int line = at % lines.size();
        String l = lines.get(line);
        switch (kind) {
            case 0 -> { // replace a value
                int colon = l.lastIndexOf(": ");
                lines.set(line, (colon >= 0 ? l.substring(0, colon + 2) : l + ": ") + TOKENS.get(pick % TOKENS.size()));
            }
            case 1 -> { // misspell a key
                int k = l.indexOf(':');
                if (k > 2) {
                    int c = Math.max(0, k - 1 - pick % 3);
                    lines.set(line, l.substring(0, c) + "xyz".charAt(pick % 3) + l.substring(c + 1));
                }
            }
            case 2 -> lines.remove(line);
            case 3 -> lines.add(line, l);
            case 4 -> { // insert a character YAML cares about
                String chars = ":{}[],'\"#\t-&*!|>%@` ";
                int c = l.isEmpty() ? 0 : pick % (l.length() + 1);
                lines.set(line, l.substring(0, c) + chars.charAt(pick % chars.length()) + l.substring(c));
            }
            default -> { // truncate
                String joined = String.join("\n", lines);
                return joined.substring(0, pick % (joined.length() + 1));
            }
        }
        return String.join("\n", lines);
    }

    @Provide
    Arbitrary<String> csvs() {
        Arbitrary<int[]> op = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 10_000))
                .as((kind, at, pick) -> new int[] {kind, at, pick});
        return op.list().ofMinSize(1).ofMaxSize(3).map(ops -> {
            List<String> lines = new ArrayList<>(List.of("sepal_length,sepal_width,petal_length,petal_width,species"));
            String[] species = {"setosa", "versicolor", "virginica"};
            for (int i = 0; i < 24; i++) {
                lines.add((4 + i % 5 * 0.5) + "," + (2 + i % 3 * 0.4) + "," + (1 + i % 3 * 2.1) + "," + (0.2 + i % 3)
                        + "," + species[i % 3]);
            }
            for (int[] o : ops) {
                mutateCsv(lines, o[0], o[1], o[2]);
            }
            return String.join("\n", lines) + "\n";
        });
    }

    static void mutateCsv(List<String> lines, int kind, int at, int pick) {
        int line = at % lines.size();
        String[] cells = lines.get(line).split(",", -1);
        switch (kind) {
            case 0, 1 -> { // replace a cell
                cells[pick % cells.length] = CELLS.get(at % CELLS.size());
                lines.set(line, String.join(",", cells));
            }
            case 2 -> lines.set(line, lines.get(line) + ",extra"); // too many fields
            case 3 -> lines.set(line, lines.get(line).substring(0, lines.get(line).lastIndexOf(','))); // too few
            case 4 -> lines.add(line, pick % 2 == 0 ? "" : lines.get(0)); // blank line or a repeated header
            default -> lines.subList(Math.max(1, line), lines.size()).clear(); // truncated file
        }
    }
}
