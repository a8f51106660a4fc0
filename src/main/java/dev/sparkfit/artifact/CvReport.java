package dev.sparkfit.artifact;

import dev.sparkfit.train.History;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sparkfit.artifact.Html.esc;
import static dev.sparkfit.artifact.Html.num;

/**
 * The cross-validation page {@code cv-report.html}: a headline, every fold's curve of val_loss, of each
 * other validation metric and of the learning rate (one plot each, a line per fold), the mean +- sample
 * standard deviation of each metric, the per-fold table, and the resolved spec folded at the end.
 */
public final class CvReport {

    private CvReport() {
    }

    /**
     * @param folds   each fold's history, in fold order; its curves are drawn into {@code plotsDir}
     *                ({@code cv-val-loss.png}, {@code cv-val-<metric>.png}, {@code cv-learning-rate.png})
     * @param perFold one row per fold: metric name to value
     * @param mean    metric name to the mean across folds
     * @param std     metric name to the sample standard deviation across folds
     */
    public static void write(Path html, Path plotsDir, String title, String headline, String specYaml,
                             List<History> folds, List<? extends Map<String, ? extends Number>> perFold,
                             Map<String, Double> mean, Map<String, Double> std) {
        RunPage page = new RunPage(title, headline);
        for (String key : curveKeys(folds.get(0))) {
            Map<String, double[]> byFold = new LinkedHashMap<>();
            for (int f = 0; f < folds.size(); f++) {
                byFold.put("fold " + (f + 1), folds.get(f).series(key));
            }
            String caption = (key.equals(HtmlReport.LEARNING_RATE) ? "Learning rate" : key) + " per epoch, by fold";
            Path png = plotsDir.resolve(RunPage.file("cv", key));
            Plots.multiCurves(caption, key, byFold, png);
            page.plot(caption, png);
        }
        List<String> keys = List.copyOf(mean.keySet());
        StringBuilder summary = new StringBuilder("<p class=\"muted\">Sample standard deviation (n - 1). Validation"
                + " metrics are those of the weights each fold kept.</p>\n"
                + "<table class=\"cv-summary\">\n<tr><th>Metric</th><th>Mean</th><th>Std</th></tr>\n");
        for (String k : keys) {
            summary.append("<tr><td>").append(esc(k)).append("</td><td class=\"num\">").append(esc(num(mean.get(k))))
                    .append("</td><td class=\"num\">").append(esc(num(std.get(k)))).append("</td></tr>\n");
        }
        summary.append("</table>\n");
        StringBuilder table = new StringBuilder("<table class=\"cv-folds\">\n<tr><th>Fold</th>");
        keys.forEach(k -> table.append("<th>").append(esc(k)).append("</th>"));
        table.append("</tr>\n");
        for (Map<String, ? extends Number> row : perFold) {
            table.append("<tr><td class=\"num\">").append(esc(row.get("fold"))).append("</td>");
            for (String k : keys) {
                Number v = row.get(k);
                table.append("<td class=\"num\">").append(v == null ? "" : esc(num(v.doubleValue()))).append("</td>");
            }
            table.append("</tr>\n");
        }
        table.append("</table>\n");
        page.section("Mean \u00b1 standard deviation over " + perFold.size() + " folds", summary.toString())
                .section("Folds", table.toString())
                .spec("Spec (resolved)", specYaml)
                .write(html);
    }

    /** val_loss, then every other val_ metric, then the learning rate when the history has it. */
    static List<String> curveKeys(History h) {
        List<String> keys = new ArrayList<>(List.of("val_loss"));
        h.keys().stream().filter(k -> k.startsWith("val_") && !keys.contains(k)).forEach(keys::add);
        if (h.keys().contains(HtmlReport.LEARNING_RATE)) {
            keys.add(HtmlReport.LEARNING_RATE);
        }
        return keys;
    }
}
