package dev.sparkfit.artifact;

import dev.sparkfit.train.History;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sparkfit.artifact.Html.esc;

/**
 * The layout every run page shares ({@code report.html} aside, which has its own sections): the title,
 * a one-line headline, the plots, then tables, then the resolved spec(s) folded away at the end.
 * Self-contained: inline CSS, plots embedded as data URIs.
 */
final class RunPage {

    private final String title;
    private final String headline;
    private final Map<String, Path> plots = new LinkedHashMap<>();
    private final StringBuilder tables = new StringBuilder();
    private final List<String[]> specs = new ArrayList<>();

    RunPage(String title, String headline) {
        this.title = title;
        this.headline = headline;
    }

    RunPage plot(String caption, Path png) {
        plots.put(caption, png);
        return this;
    }

    /** A section with {@code heading} and already escaped HTML. */
    RunPage section(String heading, String html) {
        tables.append("<h2>").append(esc(heading)).append("</h2>\n").append(html);
        return this;
    }

    /** A resolved spec, folded at the end under {@code summary}. */
    RunPage spec(String summary, String yaml) {
        specs.add(new String[] {summary, yaml});
        return this;
    }

    void write(Path html) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n<style>\n").append(HtmlReport.CSS).append("</style>\n</head>\n<body>\n<h1>")
                .append(esc(title)).append("</h1>\n");
        if (headline != null && !headline.isEmpty()) {
            sb.append("<p class=\"headline\"><b>").append(esc(headline)).append("</b></p>\n");
        }
        if (!plots.isEmpty()) {
            sb.append("<h2>Plots</h2>\n");
            plots.forEach((caption, png) -> sb.append(HtmlReport.figure(caption, png)));
        }
        sb.append(tables);
        for (String[] s : specs) {
            sb.append("<details>\n<summary>").append(esc(s[0])).append("</summary>\n<pre class=\"spec\">")
                    .append(esc(s[1])).append("</pre>\n</details>\n");
        }
        sb.append("</body>\n</html>\n");
        Html.write(html, sb.toString());
    }

    /** A file name for a metric's plot: {@code prefix-metric.png}, with underscores as dashes. */
    static String file(String prefix, String metric) {
        return prefix + "-" + metric.replaceAll("[^A-Za-z0-9.-]", "-") + ".png";
    }
}
