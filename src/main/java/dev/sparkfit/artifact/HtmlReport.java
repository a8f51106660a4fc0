package dev.sparkfit.artifact;

import dev.sparkfit.train.EpochStats;
import dev.sparkfit.train.History;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.sparkfit.artifact.Html.esc;

/** Writes a single self-contained HTML training report: inline CSS, plots embedded as data URIs. */
public final class HtmlReport {

    static final String CSS = """
            body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em auto;max-width:1000px;color:#222;padding:0 1em}
            h1{border-bottom:2px solid #447;padding-bottom:.2em}
            h2{margin-top:1.6em;color:#335}
            table{border-collapse:collapse;margin:.5em 0}
            th,td{border:1px solid #bbb;padding:.25em .6em}
            th{background:#eef;text-align:left}
            td.num{text-align:right;font-family:"DejaVu Sans Mono",monospace}
            td.diag{background:#dfd;font-weight:bold}
            td.total{background:#f4f4f4}
            pre{background:#f6f6f6;border:1px solid #ddd;padding:.8em;overflow:auto}
            figure{margin:1em 0}
            figure img{max-width:100%;border:1px solid #ddd}
            figcaption{color:#555;font-size:.9em}
            .muted{color:#888}
            .total{font-weight:bold}
            """;

    private HtmlReport() {
    }

    /** Renders {@code in} to {@code html}, creating parent directories. */
    public static void write(Path html, ReportInput in) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(in.title())).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        sb.append("<h1>").append(esc(in.title())).append("</h1>\n");
        if (!in.headline().isEmpty()) {
            sb.append("<p class=\"headline\"><b>").append(esc(in.headline())).append("</b></p>\n");
        }
        // The learning curves first, then what the validation rows say, then the details.
        if (!in.plots().isEmpty()) {
            sb.append("<h2>Plots</h2>\n");
            in.plots().forEach((caption, png) -> sb.append(figure(caption, png)));
        }
        if (in.confusion() != null) {
            sb.append("<h2>Confusion matrix</h2>\n")
                    .append("<p class=\"muted\">Rows: true class; columns: predicted class.</p>\n")
                    .append(HtmlTables.confusion(in.classLabels(), in.confusion()));
        }
        if (!in.curves().isEmpty()) {
            sb.append("<h2>Validation curves</h2>\n");
            in.curves().forEach((caption, png) -> sb.append(figure(caption, png)));
        }
        sb.append("<h2>Final metrics</h2>\n").append(HtmlTables.metrics(in.finalMetrics()));
        sb.append("<h2>Model summary</h2>\n").append(HtmlTables.summary(in.layers()));
        sb.append("<h2>History</h2>\n").append(HtmlTables.history(in.history()));
        sb.append("<details>\n<summary>Spec (resolved)</summary>\n<pre class=\"spec\">").append(esc(in.specYaml()))
                .append("</pre>\n</details>\n");
        sb.append("</body>\n</html>\n");
        Html.write(html, sb.toString());
    }

    /** The history column of the learning rate (the workers' rate at each epoch's end). */
    static final String LEARNING_RATE = "learning_rate";

    /**
     * Writes {@code loss.png}, {@code <metric>.png} for {@code mainMetric} and then every other metric of
     * the history (with its val_ curve), {@code learning-rate.png} when the history has the rate, and the
     * diagnostics plots into {@code plotsDir}; returns caption to file, in that order.
     */
    public static Map<String, Path> writeStandardPlots(Path plotsDir, History h, String mainMetric) {
        Map<String, Path> plots = new LinkedHashMap<>();
        Path loss = plotsDir.resolve("loss.png");
        Plots.lossCurves(h, loss);
        plots.put("Loss per epoch", loss);
        java.util.List<String> metrics = new java.util.ArrayList<>();
        if (mainMetric != null && !mainMetric.isBlank() && !mainMetric.equals("loss") && h.keys().contains(mainMetric)) {
            metrics.add(mainMetric);
        }
        for (String k : h.keys()) { // every other training metric, with its val_ curve
            if (!k.startsWith("val_") && !k.equals("loss") && !k.equals(LEARNING_RATE) && !metrics.contains(k)) {
                metrics.add(k);
            }
        }
        for (String m : metrics) {
            Path metric = plotsDir.resolve(fileSafe(m) + ".png");
            Plots.metricCurves(h, m, metric);
            plots.put(m + " per epoch", metric);
        }
        if (h.keys().contains(LEARNING_RATE)) {
            Path lr = plotsDir.resolve("learning-rate.png");
            Plots.epochCurves("Learning rate per epoch", LEARNING_RATE, h.epochNumbers(),
                    Map.of(LEARNING_RATE, h.series(LEARNING_RATE)), false, lr);
            plots.put("Learning rate per epoch", lr);
        }
        plots.putAll(writeDiagnosticPlots(plotsDir, h));
        return plots;
    }

    /**
     * When the history has diagnostics: {@code dead-units.png} (fraction of dead units per hidden layer),
     * {@code saturated-units.png} (tanh and sigmoid layers only) and {@code gradient-norms.png} (per
     * layer, log scale); returns caption to file.
     */
    static Map<String, Path> writeDiagnosticPlots(Path plotsDir, History h) {
        Map<String, Path> plots = new LinkedHashMap<>();
        String[][] kinds = {
            {EpochStats.DEAD_FRACTION, "dead-units.png", "Dead units per hidden layer (fraction; output 0 for every row)"},
            {EpochStats.SATURATED_FRACTION, "saturated-units.png", "Saturated units per hidden layer (fraction)"},
            {EpochStats.GRADIENT_NORM, "gradient-norms.png", "Gradient norm per layer (log scale)"},
        };
        for (String[] k : kinds) {
            Map<String, double[]> series = new LinkedHashMap<>();
            for (String key : h.diagnosticKeys()) {
                if (key.startsWith(k[0])) {
                    series.put("layer " + key.substring(k[0].length()), h.series(key));
                }
            }
            if (!series.isEmpty()) {
                boolean log = k[0].equals(EpochStats.GRADIENT_NORM);
                Path png = plotsDir.resolve(k[1]);
                Plots.epochCurves(k[2], log ? "gradient norm" : "fraction of units", h.epochNumbers(), series, log, png);
                plots.put(k[2], png);
            }
        }
        return plots;
    }

    static String figure(String caption, Path png) {
        StringBuilder sb = new StringBuilder("<figure>\n");
        if (Files.isRegularFile(png)) {
            sb.append("<img alt=\"").append(esc(caption)).append("\" src=\"data:image/png;base64,")
                    .append(base64(png)).append("\">\n");
        } else {
            sb.append("<p class=\"muted\">Plot file missing: ").append(esc(png.getFileName())).append("</p>\n");
        }
        return sb.append("<figcaption>").append(esc(caption)).append("</figcaption>\n</figure>\n").toString();
    }

    private static String base64(Path png) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(png));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read plot " + png, ex);
        }
    }

    private static String fileSafe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
