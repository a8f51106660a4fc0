package dev.sparkfit.artifact;

import dev.sparkfit.train.EpochStats;
import dev.sparkfit.train.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest {

    @TempDir
    Path dir;

    private static final List<LayerSummary> LAYERS = List.of(
            new LayerSummary("dense_1", "Dense", 4, 16, "relu", 80),
            new LayerSummary("dense_2", "Dense", 16, 3, "softmax", 51));

    private ReportInput classificationInput(String spec) {
        History h = Samples.classification(8, true);
        Map<String, Path> plots = HtmlReport.writeStandardPlots(dir.resolve("plots"), h, "accuracy");
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("test_loss", 0.123456789);
        metrics.put("test_accuracy", 0.9333);
        metrics.put("note", "a < b & c");
        long[][] cm = {{10, 0, 0}, {0, 9, 1}, {0, 2, 8}};
        return new ReportInput("Iris <demo>", spec, LAYERS, h, metrics,
                List.of("setosa", "versicolor", "virginica"), cm, plots);
    }

    @Test
    void theHeadlineAndCurvesComeFirstAndTheSpecIsFoldedAway() throws Exception {
        ReportInput base = classificationInput("loss: mcxent");
        Path roc = dir.resolve("plots/roc.png");
        Plots.xy("ROC", "fpr", "tpr", new double[] {0, 0.2, 1}, new double[] {0, 0.7, 1}, roc);
        ReportInput in = new ReportInput(base.title(), base.specYaml(), base.layers(), base.history(),
                base.finalMetrics(), base.classLabels(), base.confusion(), base.plots(),
                "classification (3 classes) \u00b7 best val_loss 0.1 at epoch 3 of 8", Map.of("ROC curve", roc));
        HtmlReport.write(dir.resolve("h.html"), in);
        String s = Files.readString(dir.resolve("h.html"));
        int headline = s.indexOf("best val_loss 0.1 at epoch 3 of 8");
        int plots = s.indexOf("<h2>Plots</h2>");
        int confusion = s.indexOf("<h2>Confusion matrix</h2>");
        int curves = s.indexOf("<img alt=\"ROC curve\"");
        int summary = s.indexOf("<h2>Model summary</h2>");
        int spec = s.indexOf("<details>\n<summary>Spec (resolved)</summary>");
        assertTrue(headline > 0 && headline < plots && plots < confusion && confusion < curves && curves < summary
                && summary < spec, s.substring(0, Math.min(400, s.length())));
    }

    @Test
    void standardPlotsAreWritten() throws Exception {
        // Every metric of the history gets a plot; a main metric it does not have gets none.
        Map<String, Path> plots = HtmlReport.writeStandardPlots(dir.resolve("p"), Samples.classification(3, true), "mae");
        assertEquals(List.of("loss.png", "accuracy.png"),
                plots.values().stream().map(p -> p.getFileName().toString()).toList());
        for (Path p : plots.values()) {
            PlotsTest.assertPng(p);
        }
    }

    @Test
    void diagnosticsGetTheirOwnPlots() throws Exception {
        History h = new History();
        for (int e = 1; e <= 3; e++) {
            h.add(new EpochStats(e, Map.of("loss", 1.0 / e), 0.1, Map.of("dead_frac_l1", 0.1 * e,
                    "dead_frac_l2", 0.0, "grad_norm_l1", Math.pow(10, -e), "grad_norm_l3", 0.0)));
        }
        Map<String, Path> plots = HtmlReport.writeStandardPlots(dir.resolve("d"), h, "mae");
        assertTrue(plots.containsValue(dir.resolve("d/dead-units.png")), plots.toString());
        assertTrue(plots.containsValue(dir.resolve("d/gradient-norms.png")), plots.toString());
        assertFalse(plots.containsValue(dir.resolve("d/saturated-units.png")), "no tanh or sigmoid layer");
        PlotsTest.assertPng(dir.resolve("d/dead-units.png"));
        PlotsTest.assertPng(dir.resolve("d/gradient-norms.png"));
        assertEquals(2, HtmlReport.writeStandardPlots(dir.resolve("e"), Samples.classification(3, true), "mae").size(),
                "no diagnostics, no diagnostics plots");
    }

    @Test
    void classificationReportIsCompleteAndSelfContained() throws Exception {
        Path html = dir.resolve("out/report.html");
        HtmlReport.write(html, classificationInput("model:\n  layers: [16, 3]\n  loss: \"mcxent\" # a > b\n"));
        String s = Files.readString(html);
        assertTrue(s.contains("<title>Iris &lt;demo&gt;</title>"));
        assertTrue(s.contains("loss: &quot;mcxent&quot; # a &gt; b"), "escaped spec");
        assertTrue(s.contains("Total params: 131"));
        assertTrue(s.contains("<img alt=\"Loss per epoch\" src=\"data:image/png;base64,iVBORw0KGgo"));
        assertTrue(s.contains("accuracy per epoch"));
        assertTrue(s.contains("<th>versicolor</th><td class=\"num\">0</td><td class=\"num diag\">9</td>"
                + "<td class=\"num\">1</td><td class=\"num total\">10</td>"), "confusion row");
        assertTrue(s.contains("<th>virginica</th>"));
        assertTrue(s.contains("a &lt; b &amp; c"));
        assertTrue(s.contains("0.123457"));
        assertFalse(s.toLowerCase().contains("http"), "no external references");
        assertFalse(s.contains("src=\"/") || s.contains("href="), "no external references");
    }

    @Test
    void scriptInSpecIsEscaped() throws Exception {
        Path html = dir.resolve("xss.html");
        HtmlReport.write(html, classificationInput("name: <script>alert('x')</script>"));
        String s = Files.readString(html);
        assertFalse(s.contains("<script"));
        assertTrue(s.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    }

    @Test
    void regressionReportHasNoConfusionMatrix() throws Exception {
        History h = new History();
        h.add(new EpochStats(1, Map.of("loss", 2.0), 1.0));
        Path html = dir.resolve("reg.html");
        HtmlReport.write(html, new ReportInput("Regression", "x: 1", LAYERS, h,
                Map.of("test_mae", 0.5), List.of(), null, Map.of("missing", dir.resolve("nope.png"))));
        String s = Files.readString(html);
        assertFalse(s.contains("Confusion matrix"));
        assertTrue(s.contains("Plot file missing: nope.png"));
        assertTrue(s.contains("<td class=\"num\">0.5</td>"));
    }
}
