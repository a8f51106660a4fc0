package dev.sparkfit.tuning;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Mean and sample standard deviation per metric, and the refit's epoch count. */
class CvSummaryTest {

    private static Map<String, ?> fold(int bestEpoch, double valLoss, double valAccuracy) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", 9.0); // training metrics are not summarized
        m.put("val_loss", valLoss);
        m.put("val_accuracy", valAccuracy);
        m.put("best_epoch", bestEpoch);
        m.put("stopped_early", true);
        m.put("val_rows", 50L); // a count, not a metric
        return m;
    }

    @Test
    void meanAndSampleStd() {
        CvSummary s = CvSummary.of(List.of(fold(4, 0.5, 0.8), fold(6, 0.7, 0.9), fold(11, 0.3, 1.0)));
        assertEquals(List.of("val_loss", "val_accuracy", "best_epoch"), s.keys());
        assertEquals(0.5, s.mean().get("val_loss"), 1e-15);
        assertEquals(0.2, s.std().get("val_loss"), 1e-15); // sqrt((0.04 + 0.04 + 0) / 2)
        assertEquals(0.9, s.mean().get("val_accuracy"), 1e-15);
        assertEquals(0.1, s.std().get("val_accuracy"), 1e-15);
        assertEquals(7.0, s.mean().get("best_epoch"), 1e-15);
        assertEquals(Math.sqrt((9 + 1 + 16) / 2.0), s.std().get("best_epoch"), 1e-15);
        assertEquals(Map.of("fold", 2, "val_loss", 0.7, "val_accuracy", 0.9, "best_epoch", 6), s.perFold().get(1));
        assertEquals(6, s.medianBestEpoch());
    }

    @Test
    void medianOfAnEvenNumberOfFoldsRoundsHalfUp() {
        assertEquals(5, CvSummary.of(List.of(fold(4, 1, 1), fold(5, 1, 1))).medianBestEpoch());
        assertEquals(3, CvSummary.of(List.of(fold(9, 1, 1), fold(3, 1, 1), fold(1, 1, 1), fold(3, 1, 1)))
                .medianBestEpoch());
    }

    @Test
    void oneFoldIsNotASummary() {
        assertThrows(IllegalArgumentException.class, () -> CvSummary.of(List.of(fold(1, 1, 1))));
    }
}
