package dev.sparkfit.eval;

import dev.sparkfit.config.Activation;
import dev.sparkfit.config.LayerSpec;
import dev.sparkfit.config.LossName;
import dev.sparkfit.config.ModelSpec;
import dev.sparkfit.config.OptimizerSpec;
import dev.sparkfit.config.Task;
import dev.sparkfit.config.WeightInitName;
import dev.sparkfit.data.Block;
import dev.sparkfit.eval.Diagnostics.LayerHealth;
import dev.sparkfit.eval.Diagnostics.Verdict;
import dev.sparkfit.model.Head;
import dev.sparkfit.model.NetworkFactory;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each diagnostic on a network built to have the problem, and on one built not to, on real Spark and DL4J. */
public class DiagnosticsTest {

    public static final Head HEAD = new Head(Task.CLASSIFICATION, 2, Activation.SOFTMAX, LossName.CATEGORICAL_CROSSENTROPY,
            List.of("a", "b"));
    static final Diagnostics.Sampling ALL_ROWS = new Diagnostics.Sampling(Integer.MAX_VALUE, 4, 32, 1);

    /** Two blocks of standard normal features; the class is the sign of the first two features' sum. */
    public static List<Block> blocks(int rowsPerBlock, int nIn) {
        List<Block> blocks = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            SplittableRandom rnd = new SplittableRandom(7 + p);
            float[] x = new float[rowsPerBlock * nIn];
            float[] y = new float[rowsPerBlock * 2];
            for (int r = 0; r < rowsPerBlock; r++) {
                for (int i = 0; i < nIn; i++) {
                    x[r * nIn + i] = (float) (Math.sqrt(-2 * Math.log(1 - rnd.nextDouble()))
                            * Math.cos(2 * Math.PI * rnd.nextDouble()));
                }
                y[r * 2 + (x[r * nIn] + x[r * nIn + 1] > 0 ? 1 : 0)] = 1f;
            }
            blocks.add(new Block(p, rowsPerBlock, nIn, 2, x, y));
        }
        return blocks;
    }

    static JavaRDD<Block> rdd(int partitions) {
        return TestSpark.jsc().parallelize(blocks(500, 8), partitions);
    }

    static MultiLayerNetwork net(List<LayerSpec> hidden, WeightInitName init) {
        ModelSpec m = new ModelSpec(hidden, Optional.empty(), LossName.AUTO, init, 0.0, 0.0);
        MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.build(m, OptimizerSpec.defaults(), HEAD, 8, 42));
        net.init();
        return net;
    }

    static MultiLayerNetwork twoRelu() {
        return net(List.of(new LayerSpec(16, Activation.RELU), new LayerSpec(16, Activation.RELU)), WeightInitName.AUTO);
    }

    static Diagnostics.Result diagnose(MultiLayerNetwork net, JavaRDD<Block> data, Diagnostics.Sampling s) {
        return Diagnostics.compute(TestSpark.jsc(), data, net.params().toFloatVector(),
                net.getLayerWiseConfigurations().toJson(), s);
    }

    static List<String> conditions(Diagnostics.Result r) {
        return r.verdicts().stream().map(Verdict::condition).toList();
    }

    @Test
    void aReluLayerWithALargeNegativeBiasIsDead() {
        MultiLayerNetwork net = twoRelu();
        net.getParam("0_b").assign(-100); // every unit of layer 1 gets a negative input on every row
        Diagnostics.Result r = diagnose(net, rdd(2), ALL_ROWS);
        assertEquals(1000, r.rows());
        assertEquals(1.0, r.layers().get(0).deadFraction());
        // layer 2 sees only zeros and has zero biases: it outputs 0 too
        assertEquals(1.0, r.layers().get(1).deadFraction());
        assertEquals(0.0, r.layers().get(0).gradientNorm(), "a dead layer passes no gradient");
        Verdict v = r.verdicts().get(0);
        assertEquals("dead_l1", v.condition());
        assertEquals("layer 1: 100% of units are dead (ReLU outputs 0 for every row); try a lower learning_rate,"
                + " leakyrelu, or he initialisation", v.text());
        assertTrue(r.verdicts().get(r.verdicts().size() - 1).text()
                .contains("gradients vanish (dead units pass no gradient back)"), r.verdicts().toString());
    }

    @Test
    void aNormalReluNetworkHasFewDeadUnitsAndNoVerdict() {
        Diagnostics.Result r = diagnose(twoRelu(), rdd(2), ALL_ROWS);
        for (LayerHealth l : r.layers().subList(0, 2)) {
            assertTrue(l.deadFraction() < 0.2, l.toString());
            assertTrue(Double.isNaN(l.saturatedFraction()), "relu does not saturate: " + l);
        }
        LayerHealth out = r.layers().get(2);
        assertTrue(out.output() && Double.isNaN(out.deadFraction()), out.toString());
        assertEquals(8, r.gradientBatches()); // 4 per partition
        assertTrue(r.gradientRatio() > 0.1 && r.gradientRatio() < 10, "ratio " + r.gradientRatio());
        assertEquals(List.of(), r.verdicts());
    }

    @Test
    void tenTanhLayersWithLargeWeightsSaturateAndTheirGradientsVanish() {
        MultiLayerNetwork net = net(Collections.nCopies(10, new LayerSpec(32, Activation.TANH)), WeightInitName.XAVIER);
        for (int i = 0; i < 10; i++) {
            // Large weights of one sign: every unit's input is far from 0 (large random weights of both signs
            // saturate units too, but then gradients grow towards the input instead of vanishing).
            net.getParam(i + "_W").addi(0.15);
        }
        Diagnostics.Result r = diagnose(net, rdd(2), ALL_ROWS);
        assertTrue(r.layers().get(9).saturatedFraction() > 0.9, r.layers().get(9).toString());
        assertTrue(r.gradientRatio() < 1e-6, "ratio " + r.gradientRatio());
        assertTrue(conditions(r).containsAll(List.of("saturated_l10", "vanishing")), conditions(r).toString());
        String vanishing = r.verdicts().get(r.verdicts().size() - 1).text();
        assertTrue(vanishing.matches("layer 1 gradient norm is [0-9.]+e-\\d+ of layer 11's: gradients vanish "
                + "\\(tanh units saturated\\); try relu, a smaller initialisation or fewer layers"), vanishing);
        assertTrue(r.verdicts().get(r.verdicts().size() - 2).text().startsWith("layer 10: "), r.verdicts().toString());
    }

    @Test
    void partitionsAddUpAndASampleLooksAtFewerRows() {
        MultiLayerNetwork net = twoRelu();
        Diagnostics.Result two = diagnose(net, rdd(2), ALL_ROWS);
        Diagnostics.Result one = diagnose(net, rdd(1), ALL_ROWS);
        assertEquals(two.layers().get(0).deadFraction(), one.layers().get(0).deadFraction());
        assertEquals(two.rows(), one.rows());

        Diagnostics.Result sample = diagnose(net, rdd(2), new Diagnostics.Sampling(100, 0, 32, 1));
        assertEquals(200, sample.rows());
        assertEquals(0, sample.gradientBatches());
        assertTrue(Double.isNaN(sample.gradientRatio()));
        assertTrue(Double.isNaN(sample.layers().get(0).gradientNorm()));
        assertEquals(sample, diagnose(net, rdd(2), new Diagnostics.Sampling(100, 0, 32, 1)), "same seed, same rows");
    }

    @Test
    void smallRatiosPrintShort() {
        assertEquals("1.2e-6", DiagnosticVerdicts.sci(1.2e-6));
        assertEquals("1e-6", DiagnosticVerdicts.sci(1e-6));
        assertEquals("1e-6", DiagnosticVerdicts.sci(9.99e-7));
        assertEquals("0", DiagnosticVerdicts.sci(0));
        assertEquals("61%", DiagnosticVerdicts.percent(0.6123));
    }
}
