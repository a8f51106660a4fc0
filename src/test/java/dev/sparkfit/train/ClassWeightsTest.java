package dev.sparkfit.train;

import dev.sparkfit.config.Activation;
import dev.sparkfit.config.ClassWeightSpec;
import dev.sparkfit.config.LossName;
import dev.sparkfit.config.Task;
import dev.sparkfit.data.Block;
import dev.sparkfit.data.DataException;
import dev.sparkfit.model.Head;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** training.class_weight resolved on real Spark blocks: balanced as scikit-learn computes it, maps, absent classes. */
class ClassWeightsTest {

    private static final Head THREE = new Head(Task.CLASSIFICATION, 3, Activation.SOFTMAX,
            LossName.CATEGORICAL_CROSSENTROPY, List.of("a", "b", "c"));
    private static final Head SIGMOID = new Head(Task.CLASSIFICATION, 1, Activation.SIGMOID,
            LossName.BINARY_CROSSENTROPY, List.of("no", "yes"));

    /** One-hot blocks: class c in {@code counts[c]} rows, split over two partitions. */
    private static JavaRDD<Block> blocks(int[] classOf, int width) {
        int half = classOf.length / 2;
        Block first = block(0, classOf, 0, half, width);
        Block second = block(1, classOf, half, classOf.length, width);
        return TestSpark.jsc().parallelize(List.of(first, second), 2);
    }

    private static Block block(int p, int[] classOf, int from, int to, int width) {
        int n = to - from;
        float[] y = new float[n * width];
        for (int r = 0; r < n; r++) {
            if (width == 1) {
                y[r] = classOf[from + r];
            } else {
                y[r * width + classOf[from + r]] = 1f;
            }
        }
        return new Block(p, n, 1, width, new float[n], y);
    }

    @Test
    void balancedIsRowsOverClassesTimesCount() {
        int[] classOf = new int[60]; // 40 a, 15 b, 5 c
        for (int i = 40; i < 55; i++) {
            classOf[i] = 1;
        }
        for (int i = 55; i < 60; i++) {
            classOf[i] = 2;
        }
        float[] w = ClassWeights.resolve(ClassWeightSpec.balancedWeights(), THREE, blocks(classOf, 3));
        assertArrayEquals(new float[] {60f / (3 * 40), 60f / (3 * 15), 60f / (3 * 5)}, w, 1e-6f);
        int[] binary = new int[20];
        for (int i = 0; i < 4; i++) {
            binary[i * 5] = 1; // 4 yes of 20
        }
        float[] s = ClassWeights.resolve(ClassWeightSpec.balancedWeights(), SIGMOID, blocks(binary, 1));
        assertArrayEquals(new float[] {20f / (2 * 16), 20f / (2 * 4)}, s, 1e-6f);
    }

    @Test
    void aMapNamesSomeClassesTheOthersWeighOne() {
        float[] w = ClassWeights.resolve(new ClassWeightSpec(false, Map.of("c", 4.0)), THREE, blocks(new int[6], 3));
        assertArrayEquals(new float[] {1f, 1f, 4f}, w);
        assertNull(ClassWeights.resolve(ClassWeightSpec.none(), THREE, blocks(new int[6], 3)));
    }

    @Test
    void aClassAbsentFromTheDataIsADataError() {
        DataException e = assertThrows(DataException.class, () -> ClassWeights.resolve(
                new ClassWeightSpec(false, Map.of("d", 2.0)), THREE, blocks(new int[6], 3)));
        assertEquals("training.class_weight: class 'd' is not in the data (classes: a, b, c)", e.getMessage());
    }
}
