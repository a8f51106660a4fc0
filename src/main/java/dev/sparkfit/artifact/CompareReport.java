package dev.sparkfit.artifact;


import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.sparkfit.artifact.Html.esc;
import static dev.sparkfit.artifact.Html.num;

/**
 * The comparison page {@code compare.html}: every model's validation loss curve on one plot (as the
 * seed plots {@code model_1} against {@code model_2}), a table of the models and the winner; the capacity
 * search's {@code capacity.html} is the same page under its own title, led by its score plot.
 */
public final class CompareReport {

    private CompareReport() {
    }

    /** {@code compare.html}: see {@link #write(Path, String, String, Path, Path, String, String, Map, List)}. */
    public static void write(Path html, Path png, String winner, String judgedBy, Map<String, double[]> valLoss,
                             List<Map<String, Object>> rows) {
        write(html, "sparkfit compare", null, null, png, winner, judgedBy, valLoss, rows);
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
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title)).append("</title>\n<style>\n").append(HtmlReport.CSS).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(esc(title)).append("</h1>\n<p>Winner (").append(esc(judgedBy))
                .append("): <b>").append(esc(winner)).append("</b></p>\n");
        if (lead != null) {
            sb.append(HtmlReport.figure(leadCaption, lead));
        }
        sb.append("<table>\n<tr>");
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
        sb.append("</table>\n<h2>Plots</h2>\n").append(HtmlReport.figure("Validation loss per epoch, by model", png))
                .append("</body>\n</html>\n");
        Html.write(html, sb.toString());
    }
}
