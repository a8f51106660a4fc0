package dev.sparkfit.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The saved model and the rows to apply it to, shared by predict and evaluate. */
final class ModelInput {

    @Option(names = "--model", required = true, description = "model directory (RUN/model)")
    Path model;

    @Option(names = "--input", required = true, description = "input file or folder (csv, parquet, libsvm)")
    String input;
}
