package dev.sparkfit.artifact.export;

import dev.sparkfit.config.Activation;
import dev.sparkfit.data.FeatureRecipe;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The folding algebra on its own: a folded first layer on raw inputs equals Spark's scaling then the layer. */
class KerasH5ExporterTest {

    @Test
    void foldingRescaleAndStandardizationIntoTheFirstLayerIsExact() {
        // slots: vector[0], numeric a, numeric b, c=x, c=y, c=<unknown>; numeric b is constant (std 0, scale 0)
        double[] mean = {0.3, 12.5, 7.0, 0.6, 0.3, 0.1};
        double[] scale = {1 / 0.9, 1 / 4.0, 0.0, 1 / 0.49, 1 / 0.46, 1 / 0.3};
        FeatureRecipe r = new FeatureRecipe("v", 1, List.of("a", "b"), new double[] {12.5, Double.NaN},
                new double[] {0.5, 0.5}, List.of("c"), List.of(List.of("x", "y")), mean, scale);
        Random rnd = new Random(3);
        float[][] kernel = new float[6][4];
        float[] bias = new float[4];
        for (int j = 0; j < 4; j++) {
            bias[j] = (float) rnd.nextGaussian();
            for (int i = 0; i < 6; i++) {
                kernel[i][j] = (float) rnd.nextGaussian();
            }
        }
        DenseStack.Dense first = new DenseStack.Dense(kernel, bias, Activation.IDENTITY, 0);
        DenseStack.Dense folded = KerasH5Exporter.fold(first, r.affine());
        for (int t = 0; t < 100; t++) {
            double[] raw = {rnd.nextGaussian(), 40 * rnd.nextDouble(), 14.0, 0, 0, 0};
            raw[3 + rnd.nextInt(3)] = 1;
            double[] z = new double[6];
            for (int i = 0; i < 6; i++) { // as Spark: ElementwiseProduct on the numeric columns, then StandardScaler
                double v = i == 1 || i == 2 ? raw[i] * 0.5 : raw[i];
                z[i] = (v - mean[i]) * scale[i];
            }
            for (int j = 0; j < 4; j++) {
                double spark = bias[j];
                double keras = folded.bias()[j];
                for (int i = 0; i < 6; i++) {
                    spark += z[i] * kernel[i][j];
                    keras += raw[i] * folded.kernel()[i][j];
                }
                assertEquals(spark, keras, 1e-5 * (1 + Math.abs(spark)), "unit " + j);
            }
        }
        for (int j = 0; j < 4; j++) {
            assertEquals(0.0, Math.abs(folded.kernel()[2][j]), "a constant column standardizes to 0 and folds to a zero row");
        }
    }
}
