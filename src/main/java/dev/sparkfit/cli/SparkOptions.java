package dev.sparkfit.cli;

import dev.sparkfit.job.SparkSessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

import java.util.Map;

/** Options every Spark-running command shares, and the session's lifetime around a command's work. */
final class SparkOptions {

    @Option(names = "--master", description = "Spark master; wins over spark.master in the spec "
            + "(under spark-submit the submitted master wins)")
    String master;

    @Option(names = "--verbose", description = "print stack traces of errors")
    boolean verbose;

    /** Work that needs a Spark session. */
    interface SessionWork<T> {
        T run(SparkSession spark) throws Exception;
    }

    /**
     * Runs {@code work} in a session built with {@code --master} (else {@code defaultMaster}) and stops
     * the session afterwards, unless it was already running (an embedding application owns it then).
     */
    <T> T withSession(String app, String defaultMaster, Map<String, String> conf, SessionWork<T> work)
            throws Exception {
        boolean owned = !SparkSessions.running();
        SparkSession spark = SparkSessions.create(app, master != null ? master : defaultMaster, conf);
        try {
            return work.run(spark);
        } finally {
            if (owned) {
                spark.stop();
            }
        }
    }
}
