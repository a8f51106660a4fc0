package dev.sparkfit.ml;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.shared.HasSeed;

/**
 * The Params both estimators share, with getters and setters that return the estimator so calls chain.
 * Spark finds Params by their public no-argument methods, these defaults included. A param left unset
 * leaves the spec as {@code specYaml} (or the spec's defaults) has it; {@code hiddenUnits} and
 * {@code activation}, when either is set, replace {@code model.hidden}.
 *
 * @param <T> the estimator
 */
public interface DenseNetParams<T extends DenseNetParams<T>> extends HasSeed {

    /** The Param objects of this instance. */
    NetParams netParams();

    @SuppressWarnings("unchecked")
    private <V> T put(Param<V> p, V value) {
        set(p, value);
        return (T) this;
    }

    default IntArrayParam hiddenUnits() { return netParams().hiddenUnits; }
    default Param<String> activation() { return netParams().activation; }
    default Param<String> optimizer() { return netParams().optimizer; }
    default DoubleParam learningRate() { return netParams().learningRate; }
    default IntParam epochs() { return netParams().epochs; }
    default IntParam batchSize() { return netParams().batchSize; }
    default IntParam workers() { return netParams().workers; }
    default Param<String> averaging() { return netParams().averaging; }
    default DoubleParam validationSplit() { return netParams().validationSplit; }
    default IntParam patience() { return netParams().patience; }
    default Param<String> outerOptimizer() { return netParams().outerOptimizer; }
    default DoubleParam outerLearningRate() { return netParams().outerLearningRate; }
    default DoubleParam outerMomentum() { return netParams().outerMomentum; }
    default Param<String> learningRateScaling() { return netParams().learningRateScaling; }
    default DoubleParam warmupEpochs() { return netParams().warmupEpochs; }
    default Param<String> optimizerState() { return netParams().optimizerState; }
    default Param<String> specYaml() { return netParams().specYaml; }

    default int[] getHiddenUnits() { return (int[]) getOrDefault(hiddenUnits()); }
    default String getActivation() { return getOrDefault(activation()); }
    default String getOptimizer() { return getOrDefault(optimizer()); }
    default double getLearningRate() { return (Double) getOrDefault(learningRate()); }
    default int getEpochs() { return (Integer) getOrDefault(epochs()); }
    default int getBatchSize() { return (Integer) getOrDefault(batchSize()); }
    default int getWorkers() { return (Integer) getOrDefault(workers()); }
    default String getAveraging() { return getOrDefault(averaging()); }
    default double getValidationSplit() { return (Double) getOrDefault(validationSplit()); }
    default int getPatience() { return (Integer) getOrDefault(patience()); }
    default String getOuterOptimizer() { return getOrDefault(outerOptimizer()); }
    default double getOuterLearningRate() { return (Double) getOrDefault(outerLearningRate()); }
    default double getOuterMomentum() { return (Double) getOrDefault(outerMomentum()); }
    default String getLearningRateScaling() { return getOrDefault(learningRateScaling()); }
    default double getWarmupEpochs() { return (Double) getOrDefault(warmupEpochs()); }
    default String getOptimizerState() { return getOrDefault(optimizerState()); }
    default String getSpecYaml() { return getOrDefault(specYaml()); }

    default T setHiddenUnits(int[] v) { return put(hiddenUnits(), v); }
    default T setActivation(String v) { return put(activation(), v); }
    default T setOptimizer(String v) { return put(optimizer(), v); }
    default T setLearningRate(double v) { return put(learningRate(), (Object) v); }
    default T setEpochs(int v) { return put(epochs(), (Object) v); }
    default T setBatchSize(int v) { return put(batchSize(), (Object) v); }
    default T setWorkers(int v) { return put(workers(), (Object) v); }
    default T setAveraging(String v) { return put(averaging(), v); }
    default T setValidationSplit(double v) { return put(validationSplit(), (Object) v); }
    default T setPatience(int v) { return put(patience(), (Object) v); }
    default T setOuterOptimizer(String v) { return put(outerOptimizer(), v); }
    default T setOuterLearningRate(double v) { return put(outerLearningRate(), (Object) v); }
    default T setOuterMomentum(double v) { return put(outerMomentum(), (Object) v); }
    default T setLearningRateScaling(String v) { return put(learningRateScaling(), v); }
    default T setWarmupEpochs(double v) { return put(warmupEpochs(), (Object) v); }
    default T setOptimizerState(String v) { return put(optimizerState(), v); }
    default T setSpecYaml(String v) { return put(specYaml(), v); }
    default T setSeed(long v) { return put(seed(), (Object) v); }
}
