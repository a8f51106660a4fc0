package dev.sparkfit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkfit.testutil.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * training.diagnostics through {@code sparkfit train}: ten sigmoid layers on the Titanic sample, the
 * textbook case of vanishing gradients, get history.csv columns, report plots and one warning.
 */
class TrainDiagnosticsTest {

    @TempDir
    static Path dir;

    static final String TEN_SIGMOID_LAYERS = "model.hidden=[" + "{units: 16, activation: sigmoid}, ".repeat(9)
            + "{units: 16, activation: sigmoid}]";

    @Test
    void tenSigmoidLayersGetDiagnosticsColumnsAndOneVanishingGradientWarning() throws IOException {
        Path out = dir.resolve("deep");
        Cli r = Cli.run("train", "--spec", "conf/titanic.yaml", "--out", out.toString(), "--set", "training.epochs=3",
                "--set", "training.early_stopping=false", "--set", TEN_SIGMOID_LAYERS);
        assertEquals(0, r.exitCode(), r.err());
        List<String> header = Arrays.asList(Files.readAllLines(out.resolve("history.csv")).get(0).split(","));
        assertEquals(List.of("epoch", "loss", "accuracy", "val_loss", "val_accuracy"), header.subList(0, 5));
        assertEquals("seconds", header.get(header.size() - 1));
        for (int layer = 1; layer <= 10; layer++) {
            assertTrue(header.containsAll(List.of("dead_frac_l" + layer, "saturated_frac_l" + layer,
                    "grad_norm_l" + layer)), header.toString());
        }
        assertTrue(header.contains("grad_norm_l11"), "the output layer's gradient norm: " + header);
        assertEquals("learning_rate", header.get(5), "the learning rate of each epoch follows the metrics");
        assertEquals(5 + 1 + 10 + 10 + 11 + 1, header.size(), header.toString());

        List<String> warnings = r.out().lines().filter(l -> l.startsWith("warning: ")).toList();
        assertEquals(1, warnings.size(), r.out());
        assertTrue(warnings.get(0).matches("warning: epoch 1: layer 1 gradient norm is [0-9.]+e-\\d+ of layer 11's:"
                + " gradients vanish; try relu, he initialisation or fewer layers"), warnings.get(0));

        JsonNode metrics = SampleSpecsTest.JSON.readTree(r.lastLine());
        assertFalse(metrics.has("grad_norm_l1"), "diagnostics are history columns, not metrics: " + metrics);
        assertTrue(Files.exists(out.resolve("plots/dead-units.png")));
        assertTrue(Files.exists(out.resolve("plots/saturated-units.png")));
        assertTrue(Files.exists(out.resolve("plots/gradient-norms.png")));
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("Gradient norm per layer (log scale)"), "report shows the gradient norms");
        assertTrue(report.contains("Dead units per hidden layer"), "report shows the dead units");
    }

    @Test
    void diagnosticsOffAddsNoDiagnosticsColumns() throws IOException {
        Path out = dir.resolve("off");
        Cli r = Cli.run("train", "--spec", "conf/titanic.yaml", "--out", out.toString(), "--set", "training.epochs=2",
                "--set", "training.diagnostics=false");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds",
                Files.readAllLines(out.resolve("history.csv")).get(0));
        assertFalse(Files.exists(out.resolve("plots/dead-units.png")));
        assertTrue(Files.readString(out.resolve("spec.yaml")).contains("  diagnostics: false\n"));
    }
}
