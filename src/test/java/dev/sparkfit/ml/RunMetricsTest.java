package dev.sparkfit.ml;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code metrics.json} from the typed record is the JSON the map-built version wrote: the same fields in
 * the same order, with the same number types (the text below is what that version wrote).
 */
class RunMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fieldsInOrderWithAndWithoutTheOptionalOnes() throws Exception {
        Map<String, Double> last = new LinkedHashMap<>();
        last.put("loss", 0.5);
        last.put("accuracy", 0.75);
        last.put("val_loss", 0.625);
        Map<String, Map<String, Double>> perClass = new LinkedHashMap<>();
        perClass.put("a", Map.of("precision", 1.0));
        RunMetrics m = new RunMetrics(last, perClass, 3, 5, true, true, 80, 20, 2, 2, 1.25, null);
        assertEquals("{\"loss\":0.5,\"accuracy\":0.75,\"val_loss\":0.625,\"val_per_class\":{\"a\":{\"precision\":1.0}},"
                + "\"best_epoch\":3,\"epochs_run\":5,\"stopped_early\":true,\"restored_best_weights\":true,"
                + "\"train_rows\":80,\"val_rows\":20,\"skipped_rows\":2,\"workers\":2,\"seconds\":1.25}",
                JSON.writeValueAsString(m.toJson()));
        RunMetrics regression = new RunMetrics(Map.of("loss", 2.0), null, 1, 1, false, false, 10, 0, 0, 1, 0.5, null)
                .withBaselineValMae(3.5);
        assertEquals("{\"loss\":2.0,\"best_epoch\":1,\"epochs_run\":1,\"stopped_early\":false,"
                + "\"restored_best_weights\":false,\"train_rows\":10,\"val_rows\":0,\"skipped_rows\":0,\"workers\":1,"
                + "\"seconds\":0.5,\"baseline_val_mae\":3.5}", JSON.writeValueAsString(regression.toJson()));
    }
}
