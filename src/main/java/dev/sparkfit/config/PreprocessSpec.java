package dev.sparkfit.config;

/** Feature preprocessing: {@code standardize} scales numeric features to zero mean and unit variance. */
public record PreprocessSpec(boolean standardize) {

    public static PreprocessSpec defaults() {
        return new PreprocessSpec(true);
    }
}
