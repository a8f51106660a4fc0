package dev.sparkfit.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The averaging arithmetic: example-weighted means of parameters and updater state. */
class WorkerResultTest {

    @Test
    void weightedAverageOfTwoWorkersMatchesHandComputation() {
        // worker A saw 1 example, worker B saw 3:
        // params (1*[1, 2] + 3*[4, 8]) / 4 = [13/4, 26/4] = [3.25, 6.5]
        // state  (1*[0.5] + 3*[0.1]) / 4 = [0.2]
        WorkerResult a = WorkerResult.of(new float[] {1f, 2f}, new float[] {0.5f}, 1, 0.7, 1, null);
        WorkerResult b = WorkerResult.of(new float[] {4f, 8f}, new float[] {0.1f}, 3, 3.3, 2, null);
        WorkerResult sum = WorkerResult.empty().merge(a).merge(b);
        assertEquals(4, sum.examples());
        assertArrayEquals(new float[] {3.25f, 6.5f}, sum.meanParams(), 1e-7f);
        assertArrayEquals(new float[] {0.2f}, sum.meanState(), 1e-7f);
        assertEquals(4.0, sum.lossSum(), 1e-12);
        assertEquals(2, sum.maxBatches());
    }

    @Test
    void mergeOrderDoesNotChangeTheResult() {
        WorkerResult x1 = WorkerResult.of(new float[] {0.1f, 0.3f}, new float[0], 5, 1, 1, null);
        WorkerResult x2 = WorkerResult.of(new float[] {0.7f, -0.2f}, new float[0], 2, 1, 1, null);
        WorkerResult x3 = WorkerResult.of(new float[] {-0.4f, 0.9f}, new float[0], 9, 1, 1, null);
        float[] left = x1.merge(x2).merge(x3).meanParams();
        WorkerResult y1 = WorkerResult.of(new float[] {0.1f, 0.3f}, new float[0], 5, 1, 1, null);
        WorkerResult y2 = WorkerResult.of(new float[] {0.7f, -0.2f}, new float[0], 2, 1, 1, null);
        WorkerResult y3 = WorkerResult.of(new float[] {-0.4f, 0.9f}, new float[0], 9, 1, 1, null);
        float[] right = y3.merge(y2.merge(y1)).meanParams();
        assertArrayEquals(left, right, 0f);
    }

    @Test
    void anEmptyWorkerContributesNothing() {
        WorkerResult a = WorkerResult.of(new float[] {2f}, new float[0], 4, 0, 1, null);
        WorkerResult sum = WorkerResult.empty().merge(a).merge(WorkerResult.empty());
        assertArrayEquals(new float[] {2f}, sum.meanParams(), 0f);
    }

    @Test
    void aDivergedWorkerIsFlagged() {
        WorkerResult a = WorkerResult.of(new float[] {2f}, new float[0], 4, 0, 1, null);
        assertEquals(3, a.merge(WorkerResult.diverged(3)).divergedPartition());
        assertEquals(-1, a.divergedPartition());
    }

    @Test
    void aWorkerWithNonFiniteParametersIsNotAveragedIn() {
        WorkerResult good = WorkerResult.checked(new float[] {1f, 2f}, new float[] {0.5f}, 2, 0.4, 1, 0, null);
        WorkerResult nan = WorkerResult.checked(new float[] {1f, Float.NaN}, new float[] {0.5f}, 2, 0.4, 1, 1, null);
        WorkerResult inf = WorkerResult.checked(new float[] {1f, 2f}, new float[] {Float.POSITIVE_INFINITY}, 2, 0.4, 1, 2, null);
        assertEquals(-1, good.divergedPartition());
        assertEquals(1, nan.divergedPartition());
        assertEquals(2, inf.divergedPartition());
        WorkerResult sum = WorkerResult.empty().merge(good).merge(nan);
        assertEquals(1, sum.divergedPartition());
        assertEquals(2, sum.examples(), "only the finite worker's examples are counted");
        assertArrayEquals(new float[] {1f, 2f}, sum.meanParams(), 0f);
    }
}
