package dev.sparkfit.model;

import dev.sparkfit.config.Activation;
import dev.sparkfit.config.LayerSpec;
import dev.sparkfit.config.LossName;
import dev.sparkfit.config.ModelSpec;
import dev.sparkfit.config.OptimizerSpec;
import dev.sparkfit.config.SpecException;
import dev.sparkfit.config.Task;
import dev.sparkfit.config.WeightInitName;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import java.util.List;

/** Turns a {@link ModelSpec} plus the data's shape into a DL4J {@link MultiLayerConfiguration}. */
public final class NetworkFactory {

    private NetworkFactory() {
    }

    /**
     * Decides everything the spec left on "auto" for the given task and class count.
     *
     * @param classes class labels in index order (empty for regression)
     */
    public static Head resolveHead(ModelSpec model, Task task, List<String> classes) {
        LossName loss = model.loss();
        if (loss == LossName.AUTO) {
            loss = task == Task.CLASSIFICATION ? LossName.CATEGORICAL_CROSSENTROPY : LossName.MSE;
        }
        boolean classifierLoss = loss == LossName.CATEGORICAL_CROSSENTROPY || loss == LossName.BINARY_CROSSENTROPY;
        if (classifierLoss != (task == Task.CLASSIFICATION)) {
            throw new SpecException("model.loss: '" + loss.key() + "' does not fit the task '"
                    + task.name().toLowerCase() + "' (use " + (classifierLoss ? "mse or mae"
                    : "categorical_crossentropy or binary_crossentropy") + ", or set data.task)");
        }
        if (task == Task.REGRESSION) {
            Activation act = model.outputActivation().orElse(Activation.IDENTITY);
            if (act == Activation.SOFTMAX) {
                throw new SpecException("model.output_activation: 'softmax' does not fit regression"
                        + " (use identity, or set data.task: classification)");
            }
            return new Head(task, 1, act, loss, List.of());
        }
        if (classes.size() < 2) {
            // The data, not the spec, is at fault: every row has the same label (exit 3).
            throw new dev.sparkfit.data.DataException("data.label: classification needs at least 2 classes, found "
                    + classes.size() + " " + classes + " (every row has the same label; check the data or data.label)");
        }
        if (loss == LossName.BINARY_CROSSENTROPY) {
            if (classes.size() != 2) {
                throw new SpecException("model.loss: 'binary_crossentropy' needs exactly 2 classes, found "
                        + classes.size() + " (use categorical_crossentropy)");
            }
            Activation act = model.outputActivation().orElse(Activation.SIGMOID);
            if (act != Activation.SIGMOID) {
                throw new SpecException("model.output_activation: '" + act.key()
                        + "' does not fit binary_crossentropy (use sigmoid or auto)");
            }
            return new Head(task, 1, act, loss, classes);
        }
        Activation act = model.outputActivation().orElse(Activation.SOFTMAX);
        if (act != Activation.SOFTMAX) {
            throw new SpecException("model.output_activation: '" + act.key()
                    + "' does not fit categorical_crossentropy (use softmax or auto)");
        }
        return new Head(task, classes.size(), act, loss, classes);
    }

    /** The network for {@code nIn} input features; same seed, same initial weights. */
    public static MultiLayerConfiguration build(ModelSpec model, OptimizerSpec optimizer, Head head,
                                                int nIn, long seed) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater(optimizer))
                .l2(model.l2())
                .list();
        int in = nIn;
        boolean first = true;
        for (LayerSpec layer : model.hidden()) {
            DenseLayer.Builder b = new DenseLayer.Builder().nIn(in).nOut(layer.units())
                    .activation(activation(layer.activation()))
                    .weightInit(weightInit(model.weightInit(), layer.activation()));
            if (!first && model.dropout() > 0) {
                b.dropOut(1.0 - model.dropout()); // DL4J takes the probability of keeping an input
            }
            list.layer(b.build());
            in = layer.units();
            first = false;
        }
        OutputLayer.Builder out = new OutputLayer.Builder(lossFunction(head.loss()))
                .nIn(in).nOut(head.nOut())
                .activation(activation(head.activation()))
                .weightInit(weightInit(model.weightInit(), head.activation()));
        if (!model.hidden().isEmpty() && model.dropout() > 0) {
            out.dropOut(1.0 - model.dropout());
        }
        return list.layer(out.build()).build();
    }

    public static org.nd4j.linalg.activations.Activation activation(Activation a) {
        return switch (a) {
            case RELU -> org.nd4j.linalg.activations.Activation.RELU;
            case LEAKYRELU -> org.nd4j.linalg.activations.Activation.LEAKYRELU;
            case ELU -> org.nd4j.linalg.activations.Activation.ELU;
            case TANH -> org.nd4j.linalg.activations.Activation.TANH;
            case SIGMOID -> org.nd4j.linalg.activations.Activation.SIGMOID;
            case SOFTMAX -> org.nd4j.linalg.activations.Activation.SOFTMAX;
            case IDENTITY -> org.nd4j.linalg.activations.Activation.IDENTITY;
        };
    }

    static WeightInit weightInit(WeightInitName w, Activation a) {
        return switch (w) {
            case AUTO -> (a == Activation.RELU || a == Activation.LEAKYRELU || a == Activation.ELU)
                    ? WeightInit.RELU : WeightInit.XAVIER;
            case HE -> WeightInit.RELU;
            case XAVIER -> WeightInit.XAVIER;
            case LECUN -> WeightInit.LECUN_NORMAL;
            case NORMAL -> WeightInit.NORMAL;
            case UNIFORM -> WeightInit.UNIFORM;
        };
    }

    static LossFunction lossFunction(LossName loss) {
        return switch (loss) {
            case MSE -> LossFunction.MSE;
            case MAE -> LossFunction.MEAN_ABSOLUTE_ERROR;
            case CATEGORICAL_CROSSENTROPY -> LossFunction.MCXENT;
            case BINARY_CROSSENTROPY -> LossFunction.XENT;
            case AUTO -> throw new IllegalArgumentException("loss must be resolved first");
        };
    }

    /** Keras optimizer names to DL4J updaters; DL4J's only momentum SGD is Nesterov momentum. */
    static IUpdater updater(OptimizerSpec o) {
        double lr = o.learningRate();
        return switch (o.name()) {
            case SGD -> o.momentum() > 0 ? new Nesterovs(lr, o.momentum()) : new Sgd(lr);
            case NESTEROV -> new Nesterovs(lr, o.momentum());
            case ADAM -> new Adam(lr, o.beta1(), o.beta2(), o.epsilon());
            case RMSPROP -> new RmsProp(lr, o.rho(), o.epsilon());
            case ADAGRAD -> new AdaGrad(lr, o.epsilon());
        };
    }
}
