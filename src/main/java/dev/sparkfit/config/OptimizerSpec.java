package dev.sparkfit.config;

/**
 * Optimizer and its hyper-parameters, with Keras defaults. Parameters an optimizer does not use
 * (for example {@code rho} for adam) are kept at their defaults and ignored.
 */
public record OptimizerSpec(OptimizerName name, double learningRate, double momentum, double beta1,
                            double beta2, double epsilon, double rho, ScheduleSpec schedule) {

    /** A constant learning rate. */
    public OptimizerSpec(OptimizerName name, double learningRate, double momentum, double beta1,
                         double beta2, double epsilon, double rho) {
        this(name, learningRate, momentum, beta1, beta2, epsilon, rho, ScheduleSpec.none());
    }

    public OptimizerSpec {
        Check.required("optimizer.name", name);
        Check.positive("optimizer.learning_rate", learningRate);
        Check.inRange("optimizer.momentum", momentum, 0.0, 1.0, false);
        Check.inRange("optimizer.beta_1", beta1, 0.0, 1.0, false);
        Check.inRange("optimizer.beta_2", beta2, 0.0, 1.0, false);
        Check.positive("optimizer.epsilon", epsilon);
        Check.inRange("optimizer.rho", rho, 0.0, 1.0, false);
        Check.required("optimizer.schedule", schedule);
    }

    /** Keras defaults for {@code name}: learning rate 0.01 for sgd and nesterov, 0.001 otherwise. */
    public static OptimizerSpec of(OptimizerName name) {
        boolean plainSgd = name == OptimizerName.SGD || name == OptimizerName.NESTEROV;
        double momentum = name == OptimizerName.NESTEROV ? 0.9 : 0.0;
        return new OptimizerSpec(name, plainSgd ? 0.01 : 0.001, momentum, 0.9, 0.999, 1e-7, 0.9);
    }

    /** Adam with learning rate 0.001. */
    public static OptimizerSpec defaults() {
        return of(OptimizerName.ADAM);
    }
}
