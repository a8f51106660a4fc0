package dev.sparkfit.config;

/**
 * Feature preprocessing: {@code rescale} multiplies every numeric feature by a constant first (as
 * Keras' Rescaling layer; 1/255 for pixels), then {@code standardize} scales the features to zero
 * mean and unit variance with statistics of the training rows.
 */
public record PreprocessSpec(double rescale, boolean standardize) {

    public PreprocessSpec {
        Check.positive("preprocess.rescale", rescale);
    }

    public static PreprocessSpec defaults() {
        return new PreprocessSpec(1.0, true);
    }
}
