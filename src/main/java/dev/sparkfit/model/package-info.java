/**
 * The network. {@link dev.sparkfit.model.NetworkFactory} resolves what the spec left on "auto" into a
 * {@link dev.sparkfit.model.Head} (task, output width, activation, loss, classes) and builds the DL4J
 * configuration; {@link dev.sparkfit.model.LocalNetworks} keeps one initialised network per executor
 * thread and loads flat parameters into it.
 */
package dev.sparkfit.model;
