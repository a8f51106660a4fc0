package dev.sparkfit.artifact;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sparkfit.artifact.Html.esc;
import static dev.sparkfit.artifact.Html.num;

/**
 * The search page {@code tune.html}: the leaderboard (trials by their best metric, failed ones last),
 * the metric against each searched key (a word or a list is placed by its order of first appearance,
 * named in the caption), and every trial's validation curve of the metric.
 */
public final class TuneReport {

    /** One trial as the page shows it; {@code score} is the judged metric at its best epoch (NaN if none). */
    public record Row(int trial, String state, Map<String, JsonNode> values, double score, int bestEpoch, int epochs,
                      double seconds, String reason, List<Double> curve) {
    }

    private TuneReport() {
    }

    public static void write(Path html, Path plots, String title, String metric, boolean minimize,
                             List<Row> trials, int bestTrial) {
        List<Row> board = new ArrayList<>(trials);
        board.sort(Comparator.comparing((Row r) -> !Double.isFinite(r.score()))
                .thenComparingDouble(r -> Double.isFinite(r.score()) ? (minimize ? 1 : -1) * r.score() : 0)
                .thenComparingInt(Row::trial));
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n<style>\n").append(HtmlReport.CSS).append("</style>\n</head>\n<body>\n<h1>")
                .append(esc(title)).append("</h1>\n<p>Best trial (").append(esc(minimize ? "lowest " : "highest "))
                .append(esc(metric)).append("): <b>").append(bestTrial).append("</b></p>\n");
        List<String> keys = trials.isEmpty() ? List.of() : List.copyOf(trials.get(0).values().keySet());
        sb.append("<h2>Leaderboard</h2>\n<table>\n<tr><th>rank</th><th>trial</th><th>state</th>");
        keys.forEach(k -> sb.append("<th>").append(esc(k)).append("</th>"));
        sb.append("<th>").append(esc(metric)).append("</th><th>best_epoch</th><th>epochs</th><th>seconds</th>")
                .append("<th>reason</th></tr>\n");
        for (int i = 0; i < board.size(); i++) {
            Row r = board.get(i);
            sb.append("<tr><td>").append(i + 1).append("</td><td>").append(r.trial()).append("</td><td>")
                    .append(esc(r.state())).append("</td>");
            keys.forEach(k -> sb.append("<td>").append(esc(r.values().get(k))).append("</td>"));
            sb.append("<td>").append(esc(num(r.score()))).append("</td><td>").append(r.bestEpoch())
                    .append("</td><td>").append(r.epochs()).append("</td><td>").append(esc(num(r.seconds())))
                    .append("</td><td>").append(esc(r.reason() == null ? "" : r.reason())).append("</td></tr>\n");
        }
        sb.append("</table>\n<h2>Plots</h2>\n");
        for (int k = 0; k < keys.size(); k++) {
            sb.append(keyPlot(plots.resolve("tune-key-" + (k + 1) + ".png"), keys.get(k), metric, trials));
        }
        Map<String, double[]> curves = new LinkedHashMap<>();
        trials.forEach(r -> curves.put("trial " + r.trial(), r.curve().stream().mapToDouble(Double::doubleValue).toArray()));
        Path png = plots.resolve("tune-curves.png");
        String caption = "Validation " + metric + " per epoch, by trial";
        Plots.multiCurves(caption, metric, curves, png);
        sb.append(HtmlReport.figure(caption, png)).append("</body>\n</html>\n");
        Html.write(html, sb.toString());
    }

    /** The best metric of each finished trial against one key's value, as a figure. */
    private static String keyPlot(Path png, String key, String metric, List<Row> trials) {
        List<JsonNode> levels = new ArrayList<>();
        boolean numeric = trials.stream().allMatch(r -> r.values().get(key).isNumber());
        List<double[]> points = new ArrayList<>();
        for (Row r : trials) {
            JsonNode v = r.values().get(key);
            if (!numeric && !levels.contains(v)) {
                levels.add(v);
            }
            if (Double.isFinite(r.score())) {
                points.add(new double[] {numeric ? v.asDouble() : levels.indexOf(v), r.score()});
            }
        }
        points.sort(Comparator.comparingDouble(p -> p[0]));
        double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
        StringBuilder caption = new StringBuilder("Best " + metric + " by " + key);
        if (!numeric) {
            caption.append(" (");
            for (int i = 0; i < levels.size(); i++) {
                caption.append(i == 0 ? "" : ", ").append(i).append(" = ").append(levels.get(i));
            }
            caption.append(")");
        }
        Plots.scatter("Best " + metric + " by " + key, key, metric, x, y, png);
        return HtmlReport.figure(caption.toString(), png);
    }
}
