package dev.sparkfit.tuning;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The typed results of cv, compare and capacity write the JSON the map-built versions wrote: the same
 * fields in the same order, with the same number types (the text below is what those versions wrote).
 */
class ResultsJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void cvSummaryFieldsInOrder() throws Exception {
        CvSummary summary = CvSummary.of(List.of(
                ordered("best_epoch", 3, "val_loss", 0.25, "val_rows", 10L),
                ordered("best_epoch", 5, "val_loss", 0.75, "val_rows", 10L)));
        CvResult r = new CvResult(2, true, List.of(10L, 10L), summary, null, 1.25);
        assertEquals("{\"folds\":2,\"stratified\":true,\"fold_rows\":[10,10],\"per_fold\":[{\"fold\":1,\"best_epoch\":3,"
                + "\"val_loss\":0.25},{\"fold\":2,\"best_epoch\":5,\"val_loss\":0.75}],\"mean\":{\"best_epoch\":4.0,"
                + "\"val_loss\":0.5},\"std\":{\"best_epoch\":" + Math.sqrt(2) + ",\"val_loss\":" + Math.sqrt(0.125) + "},"
                + "\"seconds\":1.25}", JSON.writeValueAsString(r.toJson()));
        CvResult refit = new CvResult(2, false, List.of(10L, 10L), summary, 4, 2.0);
        assertEquals(List.of("folds", "stratified", "fold_rows", "per_fold", "mean", "std", "refit_epochs", "seconds"),
                List.copyOf(refit.toJson().keySet()));
    }

    @Test
    void compareFieldsInOrder() throws Exception {
        CompareResult.Model a = new CompareResult.Model("a", "4 -> 8 relu -> 3 softmax", 0.25, 7,
                new java.util.LinkedHashMap<>(Map.of("val_accuracy", 0.9)), 10, 67L, 3.5);
        CompareResult r = new CompareResult("a", "val_loss", 120, 30, List.of(a));
        assertEquals("{\"winner\":\"a\",\"judged_by\":\"val_loss\",\"train_rows\":120,\"val_rows\":30,\"models\":"
                + "[{\"model\":\"a\",\"architecture\":\"4 -> 8 relu -> 3 softmax\",\"best_val_loss\":0.25,\"best_epoch\":7,"
                + "\"best_val_accuracy\":0.9,\"epochs_run\":10,\"params\":67,\"seconds\":3.5}]}",
                JSON.writeValueAsString(r.toJson()));
        assertEquals(0.9, a.best("val_accuracy"));
        assertEquals(0.25, a.best("val_loss"));
        assertEquals(Double.NaN, a.best("val_auc"));
    }

    @Test
    void capacityFieldsInOrderOnTheSplitAndCrossValidated() throws Exception {
        CapacityResult.Step split = new CapacityResult.Step(1, List.of(8), 67L, 0.25,
                Map.of("best_val_accuracy", 0.9), 7, null, 3.5);
        CapacityResult.Step cv = new CapacityResult.Step(2, List.of(16), 131L, 0.2,
                Map.of("mean_best_epoch", 6.0), null, "steps/step-2/cv-summary.json", 9.0);
        CapacityResult r = new CapacityResult(List.of(16), "val_loss", "why", List.of(split, cv));
        assertEquals("{\"chosen\":[16],\"judged_by\":\"val_loss\",\"stopped_because\":\"why\",\"steps\":["
                + "{\"step\":1,\"hidden\":[8],\"params\":67,\"best_val_loss\":0.25,\"best_val_accuracy\":0.9,\"best_epoch\":7,"
                + "\"seconds\":3.5},{\"step\":2,\"hidden\":[16],\"params\":131,\"best_val_loss\":0.2,\"mean_best_epoch\":6.0,"
                + "\"cv\":\"steps/step-2/cv-summary.json\",\"seconds\":9.0}]}", JSON.writeValueAsString(r.toJson()));
    }
}
