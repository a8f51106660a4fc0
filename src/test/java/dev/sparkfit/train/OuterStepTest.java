package dev.sparkfit.train;

import dev.sparkfit.config.OuterOptimizerName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The outer optimizer's arithmetic, against BMUF's and DiLoCo's update rules written out by hand. */
class OuterStepTest {

    private static final float[] STATE = {0.5f};

    @Test
    void noneTakesTheMeanAndKeepsNoMomentum() {
        float[] mean = {1.5f, -2f};
        Weights w = OuterStep.none().apply(Weights.of(new float[] {1f, 1f}, new float[0]), mean, STATE);
        assertSame(mean, w.params());
        assertSame(STATE, w.updaterState());
        assertNull(w.outerMomentum());
    }

    @Test
    void learningRateOneAndNoMomentumIsPlainAveragingForEveryKind() {
        float[] start = {0.1f, -3.25f, 7e-4f};
        float[] mean = {0.3f, -3.5f, 6e-4f};
        for (OuterOptimizerName kind : new OuterOptimizerName[] {OuterOptimizerName.MOMENTUM, OuterOptimizerName.NESTEROV}) {
            Weights w = new OuterStep(kind, 1.0, 0.0).apply(Weights.of(start, new float[0]), mean, STATE);
            assertArrayEquals(mean, w.params(), 0f, kind.key());
        }
    }

    @Test
    void blockMomentumByHand() {
        // BMUF: delta(t) = eta delta(t-1) + zeta G(t), W(t) = W(t-1) + delta(t); G = mean - start
        OuterStep step = new OuterStep(OuterOptimizerName.MOMENTUM, 0.5, 0.9);
        Weights w = step.apply(new Weights(new float[] {1f}, new float[0], new float[] {0.2f}), new float[] {1.4f}, STATE);
        double u = 0.9 * 0.2 + 0.4;
        assertEquals(u, w.outerMomentum()[0], 1e-6);
        assertEquals(1 + 0.5 * u, w.params()[0], 1e-6);
    }

    @Test
    void nesterovByHandAndAfterTwoRounds() {
        // DiLoCo's outer Nesterov on the outer gradient d = start - mean, as PyTorch's SGD(nesterov=True):
        // b <- mu b + d; x <- x - lr (d + mu b). Here u = -b and g = -d.
        OuterStep step = new OuterStep(OuterOptimizerName.NESTEROV, 0.7, 0.9);
        Weights w1 = step.apply(Weights.of(new float[] {2f}, new float[0]), new float[] {1.5f}, STATE);
        double b = 0.5;
        double x = 2 - 0.7 * (0.5 + 0.9 * b);
        assertEquals(x, w1.params()[0], 1e-6);
        Weights w2 = step.apply(w1, new float[] {(float) (x - 0.25)}, STATE);
        double d = 0.25;
        b = 0.9 * b + d;
        x = x - 0.7 * (d + 0.9 * b);
        assertEquals(x, w2.params()[0], 1e-5);
        assertEquals(-b, w2.outerMomentum()[0], 1e-6);
    }
}
