package dev.sparkfit.artifact;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.sparkfit.artifact.Html.esc;
import static dev.sparkfit.artifact.Html.num;

/**
 * The cross-validation page {@code cv-report.html}: every fold's validation loss curve on one plot,
 * the per-fold table and the mean +- sample standard deviation of each metric; self-contained.
 */
public final class CvReport {

    private CvReport() {
    }

    /**
     * @param valLoss  fold name to its val_loss per epoch; drawn into {@code png}
     * @param perFold  one row per fold: metric name to value
     * @param mean     metric name to the mean across folds
     * @param std      metric name to the sample standard deviation across folds
     */
    public static void write(Path html, Path png, String title, String specYaml, Map<String, double[]> valLoss,
                             List<? extends Map<String, ? extends Number>> perFold, Map<String, Double> mean,
                             Map<String, Double> std) {
        Plots.multiCurves("Validation loss per epoch, by fold", "val_loss", valLoss, png);
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(title)).append("</title>\n<style>\n").append(HtmlReport.CSS)
                .append("</style>\n</head>\n<body>\n<h1>").append(esc(title)).append("</h1>\n");
        List<String> keys = List.copyOf(mean.keySet());
        sb.append("<h2>Mean &plusmn; standard deviation over ").append(perFold.size()).append(" folds</h2>\n")
                .append("<p class=\"muted\">Sample standard deviation (n - 1). Validation metrics are those of the "
                        + "weights each fold kept.</p>\n")
                .append("<table class=\"cv-summary\">\n<tr><th>Metric</th><th>Mean</th><th>Std</th></tr>\n");
        for (String k : keys) {
            sb.append("<tr><td>").append(esc(k)).append("</td><td class=\"num\">").append(esc(num(mean.get(k))))
                    .append("</td><td class=\"num\">").append(esc(num(std.get(k)))).append("</td></tr>\n");
        }
        sb.append("</table>\n<h2>Folds</h2>\n<table class=\"cv-folds\">\n<tr><th>Fold</th>");
        keys.forEach(k -> sb.append("<th>").append(esc(k)).append("</th>"));
        sb.append("</tr>\n");
        for (Map<String, ? extends Number> row : perFold) {
            sb.append("<tr><td class=\"num\">").append(esc(row.get("fold"))).append("</td>");
            for (String k : keys) {
                Number v = row.get(k);
                sb.append("<td class=\"num\">").append(v == null ? "" : esc(num(v.doubleValue()))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n<h2>Plots</h2>\n").append(HtmlReport.figure("Validation loss per epoch, by fold", png));
        sb.append("<h2>Spec</h2>\n<pre class=\"spec\">").append(esc(specYaml)).append("</pre>\n");
        sb.append("</body>\n</html>\n");
        Html.write(html, sb.toString());
    }
}
