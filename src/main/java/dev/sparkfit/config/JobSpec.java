package dev.sparkfit.config;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A complete, validated training job. The constructor also runs the cross-section checks that need no
 * data: an explicit task must fit the loss, the output activation and the early stopping monitor.
 */
public record JobSpec(String name, DataSpec data, PreprocessSpec preprocess, ModelSpec model,
                      OptimizerSpec optimizer, TrainingSpec training, CvSpec cv, CapacitySpec capacity, SparkSpec spark) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Set<LossName> CLASSIFICATION_LOSSES =
            Set.of(LossName.CATEGORICAL_CROSSENTROPY, LossName.BINARY_CROSSENTROPY);
    private static final Set<LossName> REGRESSION_LOSSES = Set.of(LossName.MSE, LossName.MAE);

    public JobSpec {
        Check.nonBlank("name", name);
        if (!NAME.matcher(name).matches()) {
            throw new SpecException("name: '" + name + "' may only contain letters, digits, '.', '_' and '-'"
                    + " (and must start with a letter or digit)");
        }
        Check.required("data", data);
        Check.required("preprocess", preprocess);
        Check.required("model", model);
        Check.required("optimizer", optimizer);
        Check.required("training", training);
        Check.required("cv", cv);
        Check.required("capacity", capacity);
        Check.required("spark", spark);
        checkValidationRows(data, training);
        checkTaskFit(data.task(), model, training.earlyStopping());
        checkMetrics(data.task(), model, training.earlyStopping(), training.reduceLrOnPlateau());
        if (optimizer.schedule().enabled() && training.engine() == Engine.DL4J_PARAMAVG) {
            throw new SpecException("optimizer.schedule: '" + optimizer.schedule().kind().key() + "' needs"
                    + " training.engine averaging or averaging-dl4j-fit (dl4j-paramavg keeps its own rate)");
        }
        if (data.weight() != null && (training.engine() != Engine.AVERAGING || model.dropout() > 0)) {
            throw new SpecException("data.weight needs the fused dense step of training.engine averaging, which "
                    + (training.engine() != Engine.AVERAGING ? "'" + training.engine().key() + "' does not use"
                    : "does not do dropout") + " (leave out data.weight, or " + (training.engine() != Engine.AVERAGING
                    ? "set training.engine: averaging)" : "model.dropout)"));
        }
        if (data.task() == Task.REGRESSION && training.classWeight().enabled()) {
            throw new SpecException("training.class_weight: weights of classes do not fit data.task 'regression'"
                    + " (leave it out)");
        }
    }

    /** Validation rows come from the split or from data.validation, never both; val_ monitors need one. */
    private static void checkValidationRows(DataSpec data, TrainingSpec training) {
        double split = training.validationSplit();
        if (data.validation() != null && split > 0) {
            throw new SpecException("training.validation_split: " + split + " and data.validation ("
                    + data.validation().where() + ") are both set; give one (data.validation replaces the split)");
        }
        boolean none = split == 0.0 && data.validation() == null;
        EarlyStoppingSpec stopping = training.earlyStopping();
        if (none && stopping.enabled() && stopping.needsValidation()) {
            throw new SpecException("training.early_stopping.monitor: '" + stopping.monitor()
                    + "' needs training.validation_split > 0 (it is 0.0) or data.validation; monitor loss instead, "
                    + "or set early_stopping: false");
        }
        ReduceLrSpec plateau = training.reduceLrOnPlateau();
        if (none && plateau.enabled() && plateau.monitor().startsWith("val_")) {
            throw new SpecException("training.reduce_lr_on_plateau.monitor: '" + plateau.monitor()
                    + "' needs training.validation_split > 0 (it is 0.0) or data.validation; monitor loss instead");
        }
    }

    /** A job with every section but {@code data} at its defaults. */
    public static JobSpec of(String name, DataSpec data) {
        return new JobSpec(name, data, PreprocessSpec.defaults(), ModelSpec.defaults(), OptimizerSpec.defaults(),
                TrainingSpec.defaults(), CvSpec.defaults(), CapacitySpec.defaults(), SparkSpec.defaults());
    }

    private static void checkTaskFit(Task task, ModelSpec model, EarlyStoppingSpec stopping) {
        String taskText = " does not fit data.task '" + task.key() + "'";
        if (task == Task.REGRESSION && CLASSIFICATION_LOSSES.contains(model.loss())) {
            throw new SpecException("model.loss: '" + model.loss().key() + "'" + taskText + " (use mse or mae)");
        }
        if (task == Task.CLASSIFICATION && REGRESSION_LOSSES.contains(model.loss())) {
            throw new SpecException("model.loss: '" + model.loss().key() + "'" + taskText
                    + " (use categorical_crossentropy or binary_crossentropy)");
        }
        if (task == Task.REGRESSION && model.outputActivation().orElse(null) == Activation.SOFTMAX) {
            throw new SpecException("model.output_activation: 'softmax'" + taskText
                    + " (use auto, identity, relu, tanh or sigmoid)");
        }
        if (task == Task.REGRESSION && stopping.enabled() && stopping.monitor().contains("accuracy")) {
            throw new SpecException("training.early_stopping.monitor: '" + stopping.monitor() + "'" + taskText
                    + " (use loss, val_loss, mae or val_mae)");
        }
        checkMetrics(task, model, stopping);
    }

    /**
     * {@code model.metrics} fit the task and the monitor names one the run computes; called at load and,
     * with {@code data.task: auto}, again once the data has decided the task.
     */
    public static void checkMetrics(Task task, ModelSpec model, EarlyStoppingSpec stopping) {
        String taskText = " does not fit data.task '" + task.key() + "'";
        if (task != Task.AUTO) {
            checkFit("model.metrics", model.metrics(), task, taskText);
            checkFit("model.weighted_metrics", model.weightedMetrics(), task, taskText);
        }
        checkMonitorComputed(task, model, stopping);
    }

    private static void checkFit(String key, List<String> names, Task task, String taskText) {
        for (int i = 0; i < names.size(); i++) {
            if (!MetricNames.fits(names.get(i), task)) {
                throw new SpecException(key + "[" + i + "]: '" + names.get(i) + "'" + taskText
                        + " (use " + String.join(", ", task == Task.CLASSIFICATION ? MetricNames.CLASSIFICATION
                        : MetricNames.REGRESSION) + ")");
            }
        }
    }

    /** The same checks for a second monitor (training.reduce_lr_on_plateau.monitor). */
    public static void checkMetrics(Task task, ModelSpec model, EarlyStoppingSpec stopping, ReduceLrSpec plateau) {
        checkMetrics(task, model, stopping);
        if (plateau.enabled()) {
            try {
                checkMonitorComputed(task, model, plateau.asStopping());
            } catch (SpecException e) {
                throw new SpecException(e.getMessage().replace("training.early_stopping.monitor",
                        "training.reduce_lr_on_plateau.monitor"));
            }
        }
    }

    /**
     * {@code monitor} must name loss or a metric the run computes: one of {@code model.metrics}, or of the
     * task's defaults when they are not given (with {@code data.task: auto}, of either task's defaults;
     * the head then checks again once the task is known).
     */
    private static void checkMonitorComputed(Task task, ModelSpec model, EarlyStoppingSpec stopping) {
        String metric = stopping.metric();
        if (metric.equals("loss")) {
            return;
        }
        List<String> unweighted = task != Task.AUTO ? model.metricsFor(task) : !model.metrics().isEmpty()
                ? model.metrics() : MetricNames.all().stream().filter(n -> MetricNames.defaults(Task.CLASSIFICATION)
                .contains(n) || MetricNames.defaults(Task.REGRESSION).contains(n)).toList();
        List<String> computed = new java.util.ArrayList<>(unweighted);
        model.weightedMetrics().forEach(w -> computed.add(MetricNames.weightedName(w, unweighted)));
        if (!computed.contains(metric)) {
            throw new SpecException("training.early_stopping.monitor: '" + stopping.monitor()
                    + "' is not a metric this run computes (" + (model.weightedMetrics().isEmpty() ? "model.metrics: "
                    : "model.metrics and weighted_metrics: ") + String.join(", ", computed)
                    + "; add '" + metric + "' to model.metrics or monitor val_loss)");
        }
    }

    public JobSpec withName(String newName) {
        return new JobSpec(newName, data, preprocess, model, optimizer, training, cv, capacity, spark);
    }

    public JobSpec withData(DataSpec newData) {
        return new JobSpec(name, newData, preprocess, model, optimizer, training, cv, capacity, spark);
    }

    public JobSpec withPreprocess(PreprocessSpec newPreprocess) {
        return new JobSpec(name, data, newPreprocess, model, optimizer, training, cv, capacity, spark);
    }

    public JobSpec withModel(ModelSpec newModel) {
        return new JobSpec(name, data, preprocess, newModel, optimizer, training, cv, capacity, spark);
    }

    public JobSpec withHidden(List<LayerSpec> newHidden) {
        return withModel(model.withHidden(newHidden));
    }

    public JobSpec withOptimizer(OptimizerSpec newOptimizer) {
        return new JobSpec(name, data, preprocess, model, newOptimizer, training, cv, capacity, spark);
    }

    public JobSpec withTraining(TrainingSpec newTraining) {
        return new JobSpec(name, data, preprocess, model, optimizer, newTraining, cv, capacity, spark);
    }

    public JobSpec withCapacity(CapacitySpec newCapacity) {
        return new JobSpec(name, data, preprocess, model, optimizer, training, cv, newCapacity, spark);
    }

    public JobSpec withCv(CvSpec newCv) {
        return new JobSpec(name, data, preprocess, model, optimizer, training, newCv, capacity, spark);
    }

    public JobSpec withSpark(SparkSpec newSpark) {
        return new JobSpec(name, data, preprocess, model, optimizer, training, cv, capacity, newSpark);
    }
}
