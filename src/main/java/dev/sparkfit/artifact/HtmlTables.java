package dev.sparkfit.artifact;

import dev.sparkfit.train.EpochStats;
import dev.sparkfit.train.History;

import java.util.List;
import java.util.Map;

import static dev.sparkfit.artifact.Html.esc;
import static dev.sparkfit.artifact.Html.num;

/** The tables of the HTML report; every input string is escaped. */
final class HtmlTables {

    private HtmlTables() {
    }

    static String metrics(Map<String, Object> metrics) {
        if (metrics.isEmpty()) {
            return "<p class=\"muted\">No final metrics.</p>\n";
        }
        StringBuilder sb = new StringBuilder("<table class=\"metrics\">\n<tr><th>Metric</th><th>Value</th></tr>\n");
        metrics.forEach((k, v) -> sb.append("<tr><td>").append(esc(k)).append("</td><td class=\"num\">")
                .append(Html.value(v)).append("</td></tr>\n"));
        return sb.append("</table>\n").toString();
    }

    static String summary(List<LayerSummary> layers) {
        StringBuilder sb = new StringBuilder("<table class=\"summary\">\n<tr><th>Layer</th><th>Type</th>"
                + "<th>Inputs</th><th>Units</th><th>Activation</th><th>Params</th></tr>\n");
        long total = 0;
        for (LayerSummary l : layers) {
            total += l.params();
            sb.append("<tr><td>").append(esc(l.name())).append("</td><td>").append(esc(l.type()))
                    .append("</td><td class=\"num\">").append(l.inputs())
                    .append("</td><td class=\"num\">").append(l.units())
                    .append("</td><td>").append(esc(l.activation()))
                    .append("</td><td class=\"num\">").append(l.params()).append("</td></tr>\n");
        }
        sb.append("</table>\n");
        return sb.append("<p class=\"total\">Total params: ").append(total).append("</p>\n").toString();
    }

    static String history(History h) {
        if (h.size() == 0) {
            return "<p class=\"muted\">No epochs recorded.</p>\n";
        }
        List<String> keys = h.keys();
        StringBuilder sb = new StringBuilder("<table class=\"history\">\n<tr><th>Epoch</th>");
        keys.forEach(k -> sb.append("<th>").append(esc(k)).append("</th>"));
        sb.append("<th>Seconds</th></tr>\n");
        for (EpochStats e : h.epochs()) {
            sb.append("<tr><td class=\"num\">").append(e.epoch()).append("</td>");
            keys.forEach(k -> sb.append("<td class=\"num\">").append(esc(num(e.value(k)))).append("</td>"));
            sb.append("<td class=\"num\">").append(esc(num(e.seconds()))).append("</td></tr>\n");
        }
        return sb.append("</table>\n").toString();
    }

    /** Rows = true class, columns = predicted class, plus a row-total column. */
    static String confusion(List<String> labels, long[][] m) {
        int n = m.length;
        StringBuilder sb = new StringBuilder("<table class=\"confusion\">\n<tr><th class=\"corner\">"
                + "true \\ predicted</th>");
        for (int j = 0; j < n; j++) {
            sb.append("<th>").append(esc(label(labels, j))).append("</th>");
        }
        sb.append("<th>Total</th></tr>\n");
        for (int i = 0; i < n; i++) {
            long rowTotal = 0;
            sb.append("<tr><th>").append(esc(label(labels, i))).append("</th>");
            for (int j = 0; j < n; j++) {
                long c = j < m[i].length ? m[i][j] : 0;
                rowTotal += c;
                sb.append(i == j ? "<td class=\"num diag\">" : "<td class=\"num\">").append(c).append("</td>");
            }
            sb.append("<td class=\"num total\">").append(rowTotal).append("</td></tr>\n");
        }
        return sb.append("</table>\n").toString();
    }

    private static String label(List<String> labels, int i) {
        return i < labels.size() ? labels.get(i) : Integer.toString(i);
    }
}
