package dev.sparkfit.cli;

import picocli.CommandLine.Option;

/** Options every Spark-running command shares. */
final class SparkOptions {

    @Option(names = "--master", description = "Spark master; wins over spark.master in the spec "
            + "(under spark-submit the submitted master wins)")
    String master;

    @Option(names = "--verbose", description = "print stack traces of errors")
    boolean verbose;
}
