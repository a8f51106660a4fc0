package dev.sparkfit.bench;

import dev.sparkfit.data.Block;
import dev.sparkfit.testutil.TestSpark;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scaling cell works end to end on a few hundred synthetic rows (the measurement itself is a benchmark). */
class ScalingWorkerTest {

    @Test
    void aSmallCellTrainsAndRecordsEpochTimesAndHeap() {
        ScalingWorker.Cell c = ScalingWorker.run(TestSpark.jsc(), 512, 2, "local[2]", 2);
        assertEquals(512, c.rows());
        assertEquals(2, c.epochSeconds().size());
        assertEquals(2, c.heapMb().size());
        assertTrue(c.epochSeconds().stream().allMatch(s -> s > 0), c.toString());
    }

    @Test
    void syntheticBlocksAreReproducibleOneHotAndOfMnistWidth() {
        Block a = ScalingWorker.synthetic(1, 50, 42);
        Block b = ScalingWorker.synthetic(1, 50, 42);
        assertArrayEquals(a.x(), b.x());
        assertEquals(784, a.nIn());
        for (int i = 0; i < 50; i++) {
            float sum = 0;
            for (int c = 0; c < 10; c++) {
                sum += a.y()[i * 10 + c];
            }
            assertEquals(1f, sum);
        }
    }
}
