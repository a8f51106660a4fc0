/**
 * Exporters: a saved model (network and fitted preprocessing) written in a format another runtime
 * reads. {@code OnnxExporter} writes one ONNX graph from the raw input columns to the predictions, the
 * preprocessing as graph nodes; {@code KerasH5Exporter} writes a Keras 2 HDF5 file with rescale and
 * standardization folded into the first Dense layer. Both refuse, in one line, a network they cannot
 * hold, before anything is written; {@code Exports} publishes the file with a temporary name and a rename.
 */
package dev.sparkfit.artifact.export;
