package dev.sparkfit.artifact;

import dev.sparkfit.train.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlotsTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    static void assertPng(Path png) throws Exception {
        assertTrue(Files.size(png) > 1000, "too small: " + png);
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(PNG_SIGNATURE, head);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        assertEquals(Plots.WIDTH, img.getWidth());
        assertEquals(Plots.HEIGHT, img.getHeight());
    }

    @Test
    void lossAndMetricCurves() throws Exception {
        History h = Samples.classification(12, true);
        Path loss = dir.resolve("new/dir/loss.png");
        Plots.lossCurves(h, loss);
        assertPng(loss);
        Path acc = dir.resolve("accuracy.png");
        Plots.metricCurves(h, "accuracy", acc);
        assertPng(acc);
        assertEquals("true", System.getProperty("java.awt.headless"));
    }

    @Test
    void nanOnlyValidationIsSkipped() throws Exception {
        Path loss = dir.resolve("loss.png");
        Plots.lossCurves(Samples.classification(5, false), loss);
        assertPng(loss);
    }

    @Test
    void emptyHistoryStillRenders() throws Exception {
        Path loss = dir.resolve("empty.png");
        Plots.lossCurves(new History(), loss);
        assertPng(loss);
    }

    @Test
    void multiCurvesWithGapsAndNaNOnlySeries() throws Exception {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("model a", new double[]{1.0, 0.8, 0.6, 0.5});
        series.put("model b", new double[]{1.1, Double.NaN, 0.7, 0.65, 0.6});
        series.put("model c", new double[]{Double.NaN, Double.NaN});
        Path png = dir.resolve("compare.png");
        Plots.multiCurves("Validation loss", "val_loss", series, png);
        assertPng(png);
    }
}
