package dev.sparkfit.data;

import dev.sparkfit.train.Seeds;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Minibatches cut from a block's per-epoch permutation use every row exactly once. */
class BlockTest {

    @Test
    void everyRowIsGatheredExactlyOncePerEpoch() {
        int rows = 23;
        int batch = 5; // 4 full minibatches and one of 3 rows
        float[] x = new float[rows * 2];
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            x[2 * r] = r;
            x[2 * r + 1] = -r;
            y[r] = r;
        }
        Block b = new Block(0, rows, 2, 1, x, y);
        int[] order = Seeds.permutation(rows, Seeds.derive(7, "shuffle", 0, 0));
        Set<Integer> seen = new HashSet<>();
        int gathered = 0;
        for (int start = 0; start < rows; start += batch) {
            int n = Math.min(batch, rows - start);
            float[] xb = new float[batch * 2];
            float[] yb = new float[batch];
            b.gather(order, start, start + n, xb, yb);
            for (int i = 0; i < n; i++) {
                assertEquals(xb[2 * i], -xb[2 * i + 1], 0f); // features and label stay together
                assertEquals(xb[2 * i], yb[i]);
                seen.add((int) yb[i]);
                gathered++;
            }
        }
        assertEquals(rows, gathered);
        assertEquals(rows, seen.size());
    }

    @Test
    void permutationsAreSeededAndDifferPerEpoch() {
        int[] a = Seeds.permutation(50, Seeds.derive(42, "shuffle", 1, 0));
        int[] b = Seeds.permutation(50, Seeds.derive(42, "shuffle", 1, 0));
        int[] c = Seeds.permutation(50, Seeds.derive(42, "shuffle", 2, 0));
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
    }
}
