package dev.sparkfit.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.sparkfit.config.SpecErrorsTest.assertMentions;
import static dev.sparkfit.config.SpecErrorsTest.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code model.metrics}, {@code model.top_k} and the monitors they allow. */
class MetricsSpecTest {

    private static final String MINIMAL = SpecErrorsTest.MINIMAL;
    private static final String CLASSIFY = MINIMAL.replace("}", ", task: classification}");

    private static JobSpec parse(String yaml) {
        return SpecLoader.parse(yaml, "conf/x.yaml", List.of());
    }

    @Test
    void metricsAreReadInOrderWithoutRepeatsAndWrittenBack() {
        JobSpec s = parse(CLASSIFY + "model: {metrics: [AUC, precision, recall, auc], top_k: 3}\n"
                + "training: {early_stopping: {monitor: val_auc}}");
        assertEquals(List.of("auc", "precision", "recall"), s.model().metrics());
        assertEquals(3, s.model().topK());
        assertFalse(s.training().earlyStopping().minimize(), "auc is maximised");
        assertEquals(s.model(), parse(SpecLoader.toYaml(s)).model(), "spec.yaml reads back the same");
        assertEquals(List.of("accuracy"), parse(CLASSIFY).model().metricsFor(Task.CLASSIFICATION));
        assertEquals(List.of("mae", "mse"), parse(MINIMAL).model().metricsFor(Task.REGRESSION));
    }

    @Test
    void monitorModeAutoFollowsTheMetric() {
        for (String max : List.of("val_accuracy", "val_auc", "pr_auc", "val_precision", "recall", "val_f1", "val_r2")) {
            assertTrue(MetricNames.higherIsBetter(max), max);
        }
        for (String min : List.of("val_loss", "loss", "val_mae", "mse", "val_rmse", "val_mape")) {
            assertFalse(MetricNames.higherIsBetter(min), min);
        }
    }

    @Test
    void unknownMetricIsOneLineWithDidYouMean() {
        assertMentions(error(CLASSIFY + "model: {metrics: [accuracy, presicion]}"),
                "conf/x.yaml: model.metrics[1]: unknown metric 'presicion' (did you mean 'precision'?",
                "known: accuracy, auc, pr_auc, precision, recall, f1, top_k_accuracy, mae, mse, rmse, r2, mape");
        assertMentions(error(CLASSIFY + "model: {top_k: 0}"), "model.top_k", "0");
    }

    @Test
    void metricOfTheOtherTaskIsASpecError() {
        assertMentions(error(MINIMAL.replace("}", ", task: regression}") + "model: {metrics: [r2, auc]}"),
                "model.metrics[1]: 'auc' does not fit data.task 'regression' (use mae, mse, rmse, r2, mape)");
    }

    @Test
    void monitorNamingAMetricNotComputedIsASpecError() {
        assertMentions(error(CLASSIFY + "model: {metrics: [precision]}\ntraining: {early_stopping: {monitor: val_auc}}"),
                "training.early_stopping.monitor: 'val_auc' is not a metric this run computes",
                "model.metrics: precision", "add 'auc' to model.metrics");
        assertMentions(error(CLASSIFY + "training: {early_stopping: {monitor: val_recall}}"),
                "'val_recall' is not a metric this run computes (model.metrics: accuracy");
        assertMentions(error(CLASSIFY + "training: {early_stopping: {monitor: val_acuracy}}"),
                "training.early_stopping.monitor: 'val_acuracy' is not loss or a metric",
                "did you mean 'val_accuracy'?");
    }
}
