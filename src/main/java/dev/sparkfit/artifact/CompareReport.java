package dev.sparkfit.artifact;


import dev.sparkfit.train.History;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sparkfit.artifact.Html.esc;
import static dev.sparkfit.artifact.Html.num;

/**
 * The comparison page {@code compare.html}: a headline naming the winner, every model's validation curves
 * on one plot per metric (as the seed plots {@code model_1} against {@code model_2}), a table of the
 * models, and each model's resolved spec folded at the end; the capacity search's {@code capacity.html}
 * is the same page under its own title, led by its score plot.
 */
public final class CompareReport {

    private CompareReport() {
    }

    /**
     * {@code compare.html}.
     *
     * @param histories model name to its history: val_loss, the judged metric (when another) and the
     *                  learning rate are drawn, a line per model, into {@code plotsDir}
     * @param specs     model name to its resolved spec
     */
    public static void write(Path html, Path plotsDir, String headline, String judgedBy, Map<String, History> histories,
                             List<Map<String, Object>> rows, Map<String, String> specs) {
        RunPage page = new RunPage("sparkfit compare", headline);
        List<String> keys = new java.util.ArrayList<>(List.of("val_loss"));
        if (!keys.contains(judgedBy)) {
            keys.add(judgedBy);
        }
        if (histories.values().stream().anyMatch(h -> h.keys().contains(HtmlReport.LEARNING_RATE))) {
            keys.add(HtmlReport.LEARNING_RATE);
        }
        for (String key : keys) {
            Map<String, double[]> byModel = new LinkedHashMap<>();
            histories.forEach((name, h) -> {
                if (h.keys().contains(key)) {
                    byModel.put(name, h.series(key));
                }
            });
            String caption = (key.equals(HtmlReport.LEARNING_RATE) ? "Learning rate" : key.equals("val_loss")
                    ? "Validation loss" : key) + " per epoch, by model";
            Path png = plotsDir.resolve(RunPage.file("compare", key));
            Plots.multiCurves(caption, key, byModel, png);
            page.plot(caption, png);
        }
        page.section("Models", table(rows));
        specs.forEach((name, yaml) -> page.spec("Spec of " + name + " (resolved)", yaml));
        page.write(html);
    }

    /**
     * @param title   the page's title and heading
     * @param lead    a plot shown first, under the winner, or null
     * @param valLoss model name to its val_loss per epoch; drawn into {@code png}
     * @param rows    one row per model, in the order given: column name to value
     */
    public static void write(Path html, String title, String leadCaption, Path lead, Path png, String winner,
                             String judgedBy, Map<String, double[]> valLoss, List<Map<String, Object>> rows) {
        Plots.multiCurves("Validation loss per epoch, by model", "val_loss", valLoss, png);
        RunPage page = new RunPage(title, "Winner (" + judgedBy + "): " + winner);
        if (lead != null) {
            page.plot(leadCaption, lead);
        }
        page.plot("Validation loss per epoch, by model", png).section("Models", table(rows)).write(html);
    }

    private static String table(List<Map<String, Object>> rows) {
        StringBuilder sb = new StringBuilder("<table>\n<tr>");
        List<String> keys = List.copyOf(rows.get(0).keySet());
        keys.forEach(k -> sb.append("<th>").append(esc(k)).append("</th>"));
        sb.append("</tr>\n");
        for (Map<String, Object> row : rows) {
            sb.append("<tr>");
            for (String k : keys) {
                Object v = row.get(k);
                sb.append("<td>").append(esc(v instanceof Double d ? num(d) : String.valueOf(v))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</table>\n").toString();
    }
}
