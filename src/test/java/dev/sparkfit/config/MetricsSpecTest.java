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

    @Test
    void weightedMetricsAreNamedAsKeras2NamesThemAndWrittenBackOnlyWhenGiven() {
        JobSpec s = parse(CLASSIFY + "model: {metrics: [accuracy, auc], weighted_metrics: [AUC, recall, auc]}\n"
                + "training: {early_stopping: {monitor: val_weighted_auc}}");
        assertEquals(List.of("auc", "recall"), s.model().weightedMetrics());
        assertEquals(List.of("accuracy", "auc", "weighted_auc", "recall"), s.model().reportedFor(Task.CLASSIFICATION),
                "weighted_ only where the plain metric is reported too (Keras 2's MetricsContainer)");
        assertFalse(s.training().earlyStopping().minimize(), "a weighted auc is maximised");
        assertTrue(MetricNames.higherIsBetter("val_weighted_recall"));
        assertFalse(MetricNames.higherIsBetter("weighted_mae"));
        assertEquals(s.model(), parse(SpecLoader.toYaml(s)).model(), "spec.yaml reads back the same");
        assertFalse(SpecLoader.toYaml(parse(CLASSIFY)).contains("weighted_metrics"), "absent: specs keep their text");
        // Without model.metrics the task's defaults are reported, so a weighted accuracy is weighted_accuracy.
        assertEquals(List.of("accuracy", "weighted_accuracy", "f1"),
                parse(CLASSIFY + "model: {weighted_metrics: [accuracy, f1]}").model().reportedFor(Task.CLASSIFICATION));
        parse(CLASSIFY + "model: {metrics: [precision], weighted_metrics: [recall]}\n"
                + "training: {early_stopping: {monitor: val_recall}}"); // the weighted recall is named recall
    }

    @Test
    void weightedMetricErrorsAreThoseOfMetrics() {
        assertMentions(error(CLASSIFY + "model: {weighted_metrics: [accuracy, recal]}"),
                "conf/x.yaml: model.weighted_metrics[1]: unknown metric 'recal' (did you mean 'recall'?",
                "known: accuracy, auc, pr_auc");
        assertMentions(error(MINIMAL.replace("}", ", task: regression}") + "model: {weighted_metrics: [auc]}"),
                "model.weighted_metrics[0]: 'auc' does not fit data.task 'regression' (use mae, mse, rmse, r2, mape)");
        assertMentions(error(CLASSIFY + "model: {metrics: [auc]}\ntraining: {early_stopping: {monitor: val_weighted_auc}}"),
                "'val_weighted_auc' is not a metric this run computes (model.metrics: auc;");
        assertMentions(error(CLASSIFY + "model: {weighted_metric: [auc]}"), "unknown key", "weighted_metrics");
    }
}
