package dev.sparkfit.artifact;

import dev.sparkfit.train.History;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Learning-curve charts rendered headless to PNG files of {@value #WIDTH}x{@value #HEIGHT} pixels. */
public final class Plots {

    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Plots() {
    }

    /** Training and validation loss against epoch, titled "Loss per epoch". */
    public static void lossCurves(History h, Path png) {
        curvesOf(h, "loss", "Loss per epoch", "loss", png);
    }

    /** {@code metric} and {@code val_<metric>} against epoch. */
    public static void metricCurves(History h, String metric, Path png) {
        curvesOf(h, metric, capitalize(metric) + " per epoch", metric, png);
    }

    /**
     * Several named curves against epoch 1..n (n = length of each array), e.g. the
     * validation loss of several models. NaN points are skipped; NaN-only series are left out.
     */
    public static void multiCurves(String title, String yLabel, Map<String, double[]> series, Path png) {
        XYChart chart = newChart(title, yLabel);
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] y = e.getValue();
            double[] x = new double[y.length];
            Arrays.setAll(x, i -> i + 1);
            addSeries(chart, e.getKey(), x, y);
        }
        save(chart, png);
    }

    /**
     * Several named series against the history's epochs, e.g. one per layer; with {@code logY} on a
     * logarithmic axis, where points that are not positive are left out.
     */
    public static void epochCurves(String title, String yLabel, double[] epochs, Map<String, double[]> series,
                                   boolean logY, Path png) {
        XYChart chart = newChart(title, yLabel);
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] y = e.getValue().clone();
            if (logY) {
                for (int i = 0; i < y.length; i++) {
                    y[i] = y[i] > 0 ? y[i] : Double.NaN;
                }
            }
            addSeries(chart, e.getKey(), epochs, y);
        }
        if (logY) {
            chart.getStyler().setYAxisLogarithmic(true);
            if (chart.getSeriesMap().isEmpty()) {
                chart.addSeries("no data", new double[]{1}, new double[]{1}).setMarker(SeriesMarkers.NONE);
            }
        }
        save(chart, png);
    }

    /** One series of points, y against x (e.g. best val_loss against parameter count), as a line with markers. */
    public static void xy(String title, String xLabel, String yLabel, double[] x, double[] y, Path png) {
        XYChart chart = newChart(title, yLabel);
        chart.setXAxisTitle(xLabel);
        addSeries(chart, yLabel, x, y);
        save(chart, png);
    }

    /** Points of y against x with no line between them (e.g. a search's metric against one key's values). */
    public static void scatter(String title, String xLabel, String yLabel, double[] x, double[] y, Path png) {
        XYChart chart = newChart(title, yLabel);
        chart.setXAxisTitle(xLabel);
        chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        addSeries(chart, yLabel, x, y);
        save(chart, png);
    }

    private static void curvesOf(History h, String metric, String title, String yLabel, Path png) {
        Map<String, double[]> ys = new LinkedHashMap<>();
        ys.put(metric, h.series(metric));
        ys.put("val_" + metric, h.series("val_" + metric));
        XYChart chart = newChart(title, yLabel);
        double[] x = h.epochNumbers();
        ys.forEach((name, y) -> addSeries(chart, name, x, y));
        save(chart, png);
    }

    private static XYChart newChart(String title, String yLabel) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle("Epoch").yAxisTitle(yLabel).build();
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setAntiAlias(true);
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.getStyler().setXAxisDecimalPattern("0.##");
        return chart;
    }

    /** Adds the finite points of {@code y}; does nothing when there are none. */
    private static void addSeries(XYChart chart, String name, double[] x, double[] y) {
        int n = Math.min(x.length, y.length);
        double[] fx = new double[n];
        double[] fy = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(y[i])) {
                fx[k] = x[i];
                fy[k++] = y[i];
            }
        }
        if (k == 0) {
            return;
        }
        XYSeries s = chart.addSeries(name, Arrays.copyOf(fx, k), Arrays.copyOf(fy, k));
        s.setMarker(k <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }

    private static void save(XYChart chart, Path png) {
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (chart.getSeriesMap().isEmpty()) {
                chart.addSeries("no data", new double[]{1}, new double[]{0}).setMarker(SeriesMarkers.NONE);
            }
            try (OutputStream out = Files.newOutputStream(png)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write chart " + png, ex);
        }
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
