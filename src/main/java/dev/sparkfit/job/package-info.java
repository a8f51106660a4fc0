/**
 * The end-to-end jobs behind the commands: {@link dev.sparkfit.job.TrainJob} wires the stages from
 * input file to run directory, {@link dev.sparkfit.job.CvJob} runs the same training once per fold
 * ({@link dev.sparkfit.ml.SplitTraining}, the core of the library layer, is the part they share), {@link dev.sparkfit.job.PredictJob}
 * and {@link dev.sparkfit.job.EvaluateJob} apply a saved model, {@link dev.sparkfit.job.InspectJob} describes one
 * and diagnoses its units and gradients on given rows, {@link dev.sparkfit.job.ImportKerasJob}
 * writes a Keras model as one, {@link dev.sparkfit.job.ExportJob} writes one as ONNX or Keras HDF5.
 * {@link dev.sparkfit.job.SparkSessions}
 * builds the session with the settings every job needs.
 */
package dev.sparkfit.job;
