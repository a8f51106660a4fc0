package dev.sparkfit.train;

import dev.sparkfit.config.EarlyStoppingSpec;
import dev.sparkfit.config.Mode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keras EarlyStopping semantics on scripted sequences of the monitored value. */
class EarlyStoppingTest {

    private static EarlyStopping stopping(String monitor, int patience, double minDelta, Mode mode) {
        return new EarlyStopping(new EarlyStoppingSpec(true, monitor, patience, minDelta, mode, true));
    }

    /** Feeds the values and returns the epoch (1-based) at which Stop came, or -1. */
    private static int stopEpoch(EarlyStopping s, double... values) {
        for (int i = 0; i < values.length; i++) {
            if (s.update(i + 1, values[i]) instanceof EarlyStopping.Stop) {
                return i + 1;
            }
        }
        return -1;
    }

    @Test
    void patienceCountsEpochsWithoutImprovement() {
        EarlyStopping s = stopping("val_loss", 2, 0.0, Mode.AUTO);
        // best at epoch 2 (0.8); epochs 3 and 4 do not improve -> wait reaches 2 at epoch 4
        assertEquals(4, stopEpoch(s, 1.0, 0.8, 0.85, 0.9, 0.1));
        assertEquals(2, s.bestEpoch());
        assertEquals(0.8, s.best());
    }

    @Test
    void anImprovementResetsWait() {
        EarlyStopping s = stopping("val_loss", 2, 0.0, Mode.AUTO);
        assertEquals(-1, stopEpoch(s, 1.0, 1.1, 0.9, 1.0, 0.8, 0.85));
        assertEquals(5, s.bestEpoch());
    }

    @Test
    void patienceZeroStopsAtTheFirstEpochWithoutImprovement() {
        EarlyStopping s = stopping("val_loss", 0, 0.0, Mode.AUTO);
        assertEquals(3, stopEpoch(s, 1.0, 0.9, 0.95));
        assertEquals(2, s.bestEpoch());
    }

    @Test
    void improvementsSmallerThanMinDeltaDoNotCount() {
        EarlyStopping s = stopping("val_loss", 2, 0.1, Mode.AUTO);
        // 0.95 and 0.91 improve on 1.0 by less than 0.1: two epochs without improvement
        assertEquals(3, stopEpoch(s, 1.0, 0.95, 0.91));
        assertEquals(1, s.bestEpoch());
        assertEquals(1.0, s.best());
        EarlyStopping t = stopping("val_loss", 2, 0.1, Mode.AUTO);
        assertEquals(-1, stopEpoch(t, 1.0, 0.89, 0.78));
        assertEquals(3, t.bestEpoch());
    }

    @Test
    void accuracyIsMaximisedInAutoModeAndMinCanBeForced() {
        EarlyStopping acc = stopping("val_accuracy", 1, 0.0, Mode.AUTO);
        assertEquals(-1, stopEpoch(acc, 0.5, 0.6, 0.7));
        assertEquals(3, acc.bestEpoch());
        EarlyStopping forcedMin = stopping("val_accuracy", 1, 0.0, Mode.MIN);
        assertEquals(2, stopEpoch(forcedMin, 0.5, 0.6));
    }

    @Test
    void stopCarriesTheBestEpochAndAReason() {
        EarlyStopping s = stopping("val_loss", 1, 0.0, Mode.AUTO);
        s.update(1, 0.5);
        EarlyStopping.Decision d = s.update(2, 0.7);
        EarlyStopping.Stop stop = assertInstanceOf(EarlyStopping.Stop.class, d);
        assertEquals(1, stop.bestEpoch());
        assertTrue(stop.reason().contains("val_loss did not improve"), stop.reason());
    }

    @Test
    void disabledNeverStopsButStillTracksTheBest() {
        EarlyStopping s = new EarlyStopping(new EarlyStoppingSpec(false, "val_loss", 0, 0.0, Mode.AUTO, true));
        assertEquals(-1, stopEpoch(s, 1.0, 2.0, 3.0, 0.5, 4.0));
        assertEquals(4, s.bestEpoch());
    }
}
