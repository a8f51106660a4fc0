package dev.sparkfit.artifact;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Keras-style {@code model.summary()} rows for a DL4J configuration. */
public final class ModelSummaries {

    private ModelSummaries() {
    }

    public static List<LayerSummary> of(MultiLayerConfiguration conf) {
        List<LayerSummary> rows = new ArrayList<>();
        for (int i = 0; i < conf.getConfs().size(); i++) {
            Layer layer = conf.getConf(i).getLayer();
            FeedForwardLayer ff = (FeedForwardLayer) layer;
            String type = layer.getClass().getSimpleName().replace("Layer", "");
            String activation = ((org.deeplearning4j.nn.conf.layers.BaseLayer) layer).getActivationFn()
                    .toString().toLowerCase(Locale.ROOT);
            long params = ff.getNIn() * ff.getNOut() + ff.getNOut();
            rows.add(new LayerSummary("dense_" + (i + 1) + (i == conf.getConfs().size() - 1 ? " (output)" : ""),
                    type.isEmpty() ? "Dense" : type.equals("Output") ? "Dense" : type,
                    (int) ff.getNIn(), (int) ff.getNOut(), activation, params));
        }
        return rows;
    }

    public static long totalParams(List<LayerSummary> rows) {
        return rows.stream().mapToLong(LayerSummary::params).sum();
    }

    /**
     * Keras' {@code model.summary()} as aligned text lines: a header, one line per layer (name, type,
     * inputs, units, activation, parameters) and the total.
     */
    public static List<String> table(List<LayerSummary> rows) {
        String[] header = {"layer", "type", "inputs", "units", "activation", "params"};
        List<String[]> cells = new ArrayList<>();
        cells.add(header);
        for (LayerSummary r : rows) {
            cells.add(new String[] {r.name(), r.type(), String.format(Locale.ROOT, "%,d", r.inputs()),
                    String.format(Locale.ROOT, "%,d", r.units()), r.activation(),
                    String.format(Locale.ROOT, "%,d", r.params())});
        }
        int[] width = new int[header.length];
        for (String[] c : cells) {
            for (int i = 0; i < c.length; i++) {
                width[i] = Math.max(width[i], c[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] c : cells) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < c.length; i++) {
                boolean number = i == 2 || i == 3 || i == 5; // right-aligned
                String pad = " ".repeat(width[i] - c[i].length());
                b.append(i == 0 ? "" : "  ").append(number ? pad + c[i] : c[i] + pad);
            }
            lines.add(b.toString().stripTrailing());
        }
        lines.add(String.format(Locale.ROOT, "total parameters: %,d", totalParams(rows)));
        return lines;
    }

    /** One readable line: {@code 12 -> 100 relu -> 100 relu -> 1 identity (11,601 params)}. */
    public static String oneLine(List<LayerSummary> rows) {
        StringBuilder b = new StringBuilder();
        if (!rows.isEmpty()) {
            b.append(rows.get(0).inputs());
        }
        for (LayerSummary r : rows) {
            b.append(" -> ").append(r.units()).append(' ').append(r.activation());
        }
        return b.append(String.format(Locale.ROOT, " (%,d params)", totalParams(rows))).toString();
    }
}
