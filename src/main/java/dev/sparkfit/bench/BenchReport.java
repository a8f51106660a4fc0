package dev.sparkfit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sparkfit.artifact.Plots;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's table (median seconds per epoch, rows per second, effective GFLOP/s, test accuracy,
 * ratio to sparkfit; the whole job from process start to the saved model and to the test accuracy, and
 * its ratio to single-JVM DL4J's whole run), {@code bench.json} and a self-contained {@code bench.html} with a bar chart.
 */
public final class BenchReport {

    private final BenchOptions options;
    private final List<BenchResult> results;
    private final long rows;
    private final double epochFlops;

    public BenchReport(BenchOptions options, List<BenchResult> results, long trainRows) {
        this.options = options;
        this.results = results;
        this.rows = trainRows;
        this.epochFlops = 6.0 * options.weights(784, 10) * trainRows; // forward 2, backward 4 per weight
    }

    /** Rows of the table, as strings, header first. */
    public List<List<String>> table() {
        double base = results.stream().filter(r -> r.system().equals("sparkfit-epoch")).findFirst()
                .map(BenchResult::medianEpochSeconds).orElse(Double.NaN);
        // The whole job's reference: single-JVM DL4J reading the CSV, training, saving and scoring.
        double whole = results.stream().filter(r -> r.system().equals("dl4j-single")).findFirst()
                .map(BenchResult::secondsToTestAccuracy).orElse(Double.NaN);
        List<List<String>> t = new ArrayList<>();
        t.add(List.of("system", "s/epoch", "rows/s", "GFLOP/s", "test acc", "x sparkfit", "s to model", "s to test acc",
                "x dl4j-single job", "note"));
        for (BenchResult r : results) {
            double s = r.medianEpochSeconds();
            double gflops = r.system().equals("gemm") ? r.gflops() : epochFlops / s / 1e9;
            t.add(List.of(r.system(), num(s, 2), num(rows / s, 0), num(gflops, 1), num(r.testAccuracy(), 4),
                    num(s / base, 2), num(r.secondsToModel(), 1), num(r.secondsToTestAccuracy(), 1),
                    num(r.secondsToTestAccuracy() / whole, 2), r.note()));
        }
        return t;
    }

    /** Seconds per epoch if every core ran GEMM at the measured single-thread rate. */
    public double gemmLimitSeconds(int cores) {
        return results.stream().filter(r -> r.system().equals("gemm")).findFirst()
                .map(r -> epochFlops / (r.gflops() * 1e9 * cores)).orElse(Double.NaN);
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        List<List<String>> t = table();
        int[] w = new int[t.get(0).size()];
        for (List<String> row : t) {
            for (int i = 0; i < row.size(); i++) {
                w[i] = Math.max(w[i], row.get(i).length());
            }
        }
        for (List<String> row : t) {
            for (int i = 0; i < row.size(); i++) {
                b.append(String.format("%-" + (w[i] + 2) + "s", row.get(i)));
            }
            b.append('\n');
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double limit = gemmLimitSeconds(cores);
        b.append(String.format(Locale.ROOT, "one epoch = %.1f GFLOP", epochFlops / 1e9));
        if (!Double.isNaN(limit)) { // only when the gemm probe ran
            b.append(String.format(Locale.ROOT, "; GEMM limit on %d cores: %.2f s/epoch", cores, limit));
        }
        return b.append('\n').toString();
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", java.time.LocalDate.now().toString());
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("options", options);
        json.put("train_rows", rows);
        json.put("epoch_gflop", epochFlops / 1e9);
        json.put("gemm_limit_seconds", gemmLimitSeconds(Runtime.getRuntime().availableProcessors()));
        json.put("results", results);
        json.put("table", table());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("bench.json").toFile(), json);
        Path png = dir.resolve("bench.png");
        chart(png);
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>sparkfit bench</title>"
                + "<style>body{font-family:sans-serif;margin:2em}td,th{border:1px solid #ccc;padding:4px 8px}"
                + "table{border-collapse:collapse}</style></head><body><h1>sparkfit bench</h1><table>");
        for (List<String> row : table()) {
            html.append("<tr>");
            row.forEach(c -> html.append("<td>").append(c.replace("&", "&amp;").replace("<", "&lt;")).append("</td>"));
            html.append("</tr>");
        }
        html.append("</table><pre>").append(text().replace("&", "&amp;").replace("<", "&lt;")).append("</pre>")
                .append("<img alt=\"seconds per epoch\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(Files.readAllBytes(png))).append("\"></body></html>");
        Files.writeString(dir.resolve("bench.html"), html);
    }

    private void chart(Path png) throws IOException {
        Plots.class.getName(); // sets java.awt.headless before the first chart
        CategoryChart chart = new CategoryChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title("Median seconds per epoch (lower is better)").xAxisTitle("system").yAxisTitle("seconds").build();
        List<String> names = new ArrayList<>();
        List<Double> secs = new ArrayList<>();
        for (BenchResult r : results) {
            if (Double.isFinite(r.medianEpochSeconds())) {
                names.add(r.system());
                secs.add(r.medianEpochSeconds());
            }
        }
        if (names.isEmpty()) {
            names.add("none");
            secs.add(0.0);
        }
        chart.addSeries("s/epoch", names, secs);
        chart.getStyler().setLegendVisible(false);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String num(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "-";
    }
}
