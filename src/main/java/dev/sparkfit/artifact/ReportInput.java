package dev.sparkfit.artifact;

import dev.sparkfit.train.History;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything shown in an HTML report. Null collections are treated as empty.
 *
 * @param title        page title
 * @param specYaml     the model/training spec as written by the user
 * @param layers       model summary rows
 * @param history      per-epoch history
 * @param finalMetrics final metric name to value (numbers or text), in display order
 * @param classLabels  class names; empty for regression
 * @param confusion    confusion counts, rows = true class, columns = predicted; null for regression
 * @param plots        caption to PNG file, in display order
 * @param headline     one line at the top: task, best monitored value and epoch, how training ended, rows,
 *                     workers, seconds; empty for none
 * @param curves       caption to PNG file of curves shown after the confusion matrix (ROC, precision-recall)
 */
public record ReportInput(String title, String specYaml, List<LayerSummary> layers, History history,
                          Map<String, Object> finalMetrics, List<String> classLabels, long[][] confusion,
                          Map<String, Path> plots, String headline, Map<String, Path> curves) {

    /** Without a headline or curves. */
    public ReportInput(String title, String specYaml, List<LayerSummary> layers, History history,
                       Map<String, Object> finalMetrics, List<String> classLabels, long[][] confusion,
                       Map<String, Path> plots) {
        this(title, specYaml, layers, history, finalMetrics, classLabels, confusion, plots, "", Map.of());
    }

    public ReportInput {
        title = title == null ? "Training report" : title;
        specYaml = specYaml == null ? "" : specYaml;
        layers = layers == null ? List.of() : List.copyOf(layers);
        history = history == null ? new History() : history;
        finalMetrics = finalMetrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(finalMetrics));
        classLabels = classLabels == null ? List.of() : List.copyOf(classLabels);
        plots = plots == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(plots));
        headline = headline == null ? "" : headline;
        curves = curves == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(curves));
    }
}
