/**
 * The network. {@link dev.sparkfit.model.NetworkFactory} resolves what the spec left on "auto" into a
 * {@link dev.sparkfit.model.Head} (task, output width, activation, loss, classes) and builds the DL4J
 * configuration; {@link dev.sparkfit.model.LocalNetworks} keeps one initialised network per executor
 * thread and loads flat parameters into it. {@link dev.sparkfit.model.FixedWeights} sets given weights
 * (the course's worked examples, imported models), {@link dev.sparkfit.model.KerasImport} reads a Keras 2
 * Sequential Dense model with DL4J's importer and {@link dev.sparkfit.model.InitialWeights} checks and
 * loads {@code model.init_from}.
 */
package dev.sparkfit.model;
