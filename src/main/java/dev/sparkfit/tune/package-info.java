/**
 * Hyperparameter search for {@code sparkfit tune}: the settings a search proposes ({@link
 * dev.sparkfit.tune.Proposals}, a pure function of the {@code tune:} section), asynchronous successive
 * halving with decisions that do not depend on timing ({@link dev.sparkfit.tune.Asha}), the driver
 * threads that train trials in their own Spark scheduler pools ({@link dev.sparkfit.tune.TrialPool}) and
 * how a trial ended ({@link dev.sparkfit.tune.TrialResult}). {@code job.TuneJob} wires them to the data
 * and to training.
 */
package dev.sparkfit.tune;
