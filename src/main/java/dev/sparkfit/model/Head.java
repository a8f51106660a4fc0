package dev.sparkfit.model;

import dev.sparkfit.config.Activation;
import dev.sparkfit.config.LossName;
import dev.sparkfit.config.Task;

import java.io.Serializable;
import java.util.List;

/**
 * The resolved output end of a network: task, output width, output activation, loss and, for
 * classification, the class labels in index order. Everything "auto" in the spec is decided here.
 */
public record Head(Task task, int nOut, Activation activation, LossName loss, List<String> classes)
        implements Serializable {

    public Head {
        classes = List.copyOf(classes);
        if (task == Task.AUTO) {
            throw new IllegalArgumentException("a head needs a resolved task");
        }
    }

    public boolean classification() {
        return task == Task.CLASSIFICATION;
    }

    /** True when two classes share one sigmoid unit (binary_crossentropy); false for one-hot outputs. */
    public boolean singleSigmoid() {
        return classification() && nOut == 1;
    }

    /** Width of the label vector a row carries into training (1 for regression and single sigmoid). */
    public int labelWidth() {
        return nOut;
    }

    public String mainMetric() {
        return classification() ? "accuracy" : "mae";
    }
}
