package dev.sparkfit.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.StepSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LearningRateTest {

    @Test
    void unscaledIsTheOptimizersOwnRateExactly() {
        LearningRate r = LearningRate.of(new FixedSchedule(0.001));
        assertEquals(0.001, r.valueAt(0, 0));
        assertEquals(0.001, r.valueAt(12345, 7));
    }

    @Test
    void warmUpRampsLinearlyFromTheUnscaledToTheScaledRate() {
        LearningRate r = new LearningRate(new FixedSchedule(0.001), 4.0, 10, 0);
        assertEquals(0.001 * (1 + 3 * 0.1), r.valueAt(0, 0), 1e-12);
        assertEquals(0.001 * (1 + 3 * 0.5), r.valueAt(4, 0), 1e-12);
        assertEquals(0.004, r.valueAt(9, 0), 1e-12);
        assertEquals(0.004, r.valueAt(10, 1), 1e-12);
        assertEquals(0.004, r.valueAt(1000, 3), 1e-12);
    }

    @Test
    void anOffsetCountsTheRunsIterationsForTheRateAndTheBaseSchedule() {
        LearningRate r = new LearningRate(new StepSchedule(ScheduleType.ITERATION, 0.1, 0.5, 100), 2.0, 10, 0);
        LearningRate reset = r.from(150);
        assertEquals(r.valueAt(150, 2), reset.valueAt(0, 2), 0);
        assertEquals(0.1 * 0.5 * 2, reset.valueAt(0, 2), 1e-12);
        assertEquals(r.valueAt(5, 0), r.from(5).valueAt(0, 0), 0);
    }
}
