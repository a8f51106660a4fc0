package dev.sparkfit.testutil;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * One real {@code local[2]} Spark session shared by every test in the JVM (starting Spark costs
 * seconds): UI off, two shuffle partitions. Never stopped by tests; the JVM's exit stops it.
 * Its catalog is a real Hive metastore (embedded Derby) with its warehouse, both in a temporary folder:
 * nothing in the working directory, and the metastore starts only when a test names a table.
 */
public final class TestSpark {

    private static SparkSession session;

    private TestSpark() {
    }

    public static synchronized SparkSession get() {
        if (session == null) {
            java.nio.file.Path home;
            try {
                home = java.nio.file.Files.createTempDirectory("sparkfit-metastore");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            System.setProperty("derby.system.home", home.toString()); // derby.log goes there, not to the cwd
            session = SparkSession.builder()
                    .config("spark.sql.catalogImplementation", "hive")
                    .config("spark.sql.warehouse.dir", home.resolve("warehouse").toString())
                    .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                            "jdbc:derby:;databaseName=" + home.resolve("metastore_db") + ";create=true")
                    .master("local[2]")
                    .appName("sparkfit-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .getOrCreate();
        }
        return session;
    }

    public static JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(get().sparkContext());
    }
}
