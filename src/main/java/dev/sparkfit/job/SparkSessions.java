package dev.sparkfit.job;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.Map;

/** Builds the Spark session with the settings every sparkfit job needs. */
public final class SparkSessions {

    private SparkSessions() {
    }

    /**
     * @param master the master to use unless the application was launched by spark-submit, whose
     *               master then wins (it is already in the {@code spark.master} system property)
     */
    public static SparkSession create(String appName, String master, Map<String, String> conf) {
        warmScalaReflection();
        SparkConf sc = new SparkConf().setAppName(appName);
        if (!sc.contains("spark.master")) {
            sc.setMaster(master);
        }
        // One BLAS thread per task: two tasks each spawning OpenMP threads on the same cores halve throughput.
        sc.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        // Spark ML's default is 200 shuffle partitions; small jobs then spend most of their time scheduling.
        sc.setIfMissing("spark.sql.shuffle.partitions", "8");
        // A worker's result (its parameters and updater state, a few MB) comes back inside the task's status
        // message instead of through a block-manager fetch above the 1 MB default: 8 ms less per averaging round.
        sc.setIfMissing("spark.task.maxDirectResultSize", "64m");
        // data.table, data.sql and predict --output-table use the catalog: Hive's metastore when spark-hive is on
        // the classpath (as spark-shell and spark-sql do), configured by hive-site.xml or spark.hadoop.* settings;
        // embedded Derby in ./metastore_db otherwise. Nothing touches the metastore until a job names a table.
        if (hiveOnClasspath()) {
            sc.setIfMissing("spark.sql.catalogImplementation", "hive");
        }
        conf.forEach(sc::set);
        SparkSession spark = SparkSession.builder().config(sc).getOrCreate();
        // Executors lost to out-of-memory, for the hint printed after a failure (cli.ExitCodes.hint).
        ExecutorLosses.forget();
        spark.sparkContext().addSparkListener(new ExecutorLosses());
        return spark;
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARMING = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Starts Scala's runtime reflection in a background thread, once per JVM: Spark ML's transformers (their
     * type tags) and Spark SQL's encoders need it, and it takes seconds to set up in a fresh JVM, while the
     * session's own start-up leaves the second core idle. Whoever needs it first waits for it (a lazy value).
     */
    static void warmScalaReflection() {
        if (WARMING.compareAndSet(false, true)) {
            Thread t = new Thread(() -> scala.reflect.runtime.package$.MODULE$.universe(), "sparkfit-warm-reflection");
            t.setDaemon(true);
            t.start();
        }
    }

    /** True when Spark's Hive support (spark-hive and Hive's own classes) can be loaded. */
    static boolean hiveOnClasspath() {
        try {
            ClassLoader loader = SparkSessions.class.getClassLoader();
            Class.forName("org.apache.spark.sql.hive.HiveSessionStateBuilder", false, loader);
            Class.forName("org.apache.hadoop.hive.conf.HiveConf", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** True when a session is already running in this JVM (an embedding application or a test suite owns it). */
    public static boolean running() {
        return SparkSession.getDefaultSession().isDefined();
    }
}
