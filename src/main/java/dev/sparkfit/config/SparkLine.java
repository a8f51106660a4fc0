package dev.sparkfit.config;

import java.util.Optional;

/**
 * The Spark line this build runs on: 3.5 (Scala 2.12, the default build) or 4.x (Scala 2.13, the
 * {@code spark4} Maven profile). The one place in the code that knows the lines differ; the build
 * differences (versions, Jackson, the jar's name) are in pom.xml's {@code spark4} profile and
 * scripts/spark-line.sh. Reading Spark's version constant starts nothing.
 */
public final class SparkLine {

    /** The version of the Spark classes on the classpath, e.g. {@code 3.5.9} or {@code 4.2.0}. */
    public static final String VERSION = org.apache.spark.package$.MODULE$.SPARK_VERSION();

    private SparkLine() {
    }

    /** The major version: 3 or 4. */
    public static int major() {
        return Integer.parseInt(VERSION.substring(0, VERSION.indexOf('.')));
    }

    /**
     * True when DL4J's Spark module can run here: it exists for Scala 2.12 only (DL4J 1.0.0-M2), so on
     * Spark 3.5 and not on Spark 4, whose builds are Scala 2.13.
     */
    public static boolean dl4jSparkAvailable() {
        return major() < 4;
    }

    /** Why {@code engine} cannot run on this Spark, or empty when it can. */
    public static Optional<String> unsupported(Engine engine) {
        if (engine == Engine.DL4J_PARAMAVG && !dl4jSparkAvailable()) {
            return Optional.of("'" + engine.key() + "' needs Spark 3.5: DL4J's Spark module exists for Scala 2.12 only,"
                    + " and this is Spark " + VERSION + " (Scala 2.13); use averaging or averaging-dl4j-fit");
        }
        return Optional.empty();
    }
}
