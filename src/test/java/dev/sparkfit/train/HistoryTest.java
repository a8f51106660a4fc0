package dev.sparkfit.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryTest {

    @TempDir
    Path dir;

    private static History sample() {
        History h = new History();
        Map<String, Double> v1 = new LinkedHashMap<>();
        v1.put("loss", 0.1234567890123456789);
        v1.put("val_loss", Double.NaN);
        v1.put("mae", 1e-12);
        v1.put("val_mae", null);
        h.add(new EpochStats(1, v1, 2.5));
        h.add(new EpochStats(2, Map.of("loss", 0.05, "val_loss", 0.07, "mae", 0.2, "val_mae", 0.3), 1.0 / 3));
        return h;
    }

    @Test
    void epochStatsIsImmutableAndOrdered() {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("loss", 1.0);
        v.put("val_loss", 2.0);
        EpochStats s = new EpochStats(1, v, 0);
        v.put("extra", 3.0);
        assertEquals(List.of("loss", "val_loss"), List.copyOf(s.values().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> s.values().put("x", 1.0));
        assertTrue(Double.isNaN(s.value("missing")));
    }

    @Test
    void csvHasHeaderFullPrecisionAndEmptyNaN() throws Exception {
        Path csv = dir.resolve("sub/history.csv");
        sample().writeCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("epoch,loss,val_loss,mae,val_mae,seconds", lines.get(0));
        assertEquals("1," + 0.1234567890123456789 + ",,1.0E-12,,2.5", lines.get(1));
        assertTrue(lines.get(2).endsWith("," + (1.0 / 3)), lines.get(2));
        assertEquals(3, lines.size());
    }

    @Test
    void jsonRoundTripKeepsOrderPrecisionAndNaN() throws Exception {
        History h = sample();
        Path json = dir.resolve("history.json");
        h.writeJson(json);
        String text = Files.readString(json);
        assertTrue(text.contains("\"val_loss\" : null"), text);
        assertTrue(text.trim().startsWith("["));
        History back = History.readJson(json);
        assertEquals(h.size(), back.size());
        for (int i = 0; i < h.size(); i++) {
            EpochStats a = h.epochs().get(i);
            EpochStats b = back.epochs().get(i);
            assertEquals(a.epoch(), b.epoch());
            assertEquals(a.seconds(), b.seconds());
            assertEquals(List.copyOf(a.values().keySet()), List.copyOf(b.values().keySet()));
            a.values().forEach((k, v) -> assertEquals(v, b.value(k), k));
        }
    }

    @Test
    void diagnosticsAreColumnsApartFromTheMetricsAndComeBackFromJson() throws Exception {
        History h = new History();
        for (int e = 1; e <= 2; e++) {
            Map<String, Double> d = new LinkedHashMap<>();
            d.put("dead_frac_l1", 0.25 * e);
            d.put("saturated_frac_l2", Double.NaN);
            d.put("grad_norm_l1", 1e-7);
            d.put("grad_norm_l3", 0.5);
            h.add(new EpochStats(e, Map.of("loss", 1.0 / e), 0.1, d));
        }
        assertEquals(List.of("loss"), h.keys(), "diagnostics are not metrics");
        assertEquals(List.of("dead_frac_l1", "saturated_frac_l2", "grad_norm_l1", "grad_norm_l3"), h.diagnosticKeys());
        assertEquals(0.5, h.series("dead_frac_l1")[1]);
        Path csv = dir.resolve("history.csv");
        h.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("epoch,loss,dead_frac_l1,saturated_frac_l2,grad_norm_l1,grad_norm_l3,seconds", lines.get(0));
        assertEquals("1,1.0,0.25,,1.0E-7,0.5,0.1", lines.get(1));
        Path json = dir.resolve("history.json");
        h.writeJson(json);
        History back = History.readJson(json);
        assertEquals(h.keys(), back.keys());
        assertEquals(h.diagnosticKeys(), back.diagnosticKeys());
        assertEquals(1e-7, back.epochs().get(1).value("grad_norm_l1"));
        assertTrue(EpochStats.isDiagnostic("grad_norm_l12"));
        assertFalse(EpochStats.isDiagnostic("grad_norm_ratio"));
        assertFalse(EpochStats.isDiagnostic("val_loss"));
    }

    @Test
    void seriesAndKeys() {
        History h = sample();
        assertEquals(List.of("loss", "val_loss", "mae", "val_mae"), h.keys());
        double[] val = h.series("val_loss");
        assertTrue(Double.isNaN(val[0]));
        assertEquals(0.07, val[1]);
    }
}
