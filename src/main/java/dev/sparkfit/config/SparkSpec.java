package dev.sparkfit.config;

import java.util.Map;

/** Spark master URL and extra Spark configuration entries (kept sorted by key). */
public record SparkSpec(String master, Map<String, String> conf) {

    public SparkSpec {
        Check.nonBlank("spark.master", master);
        conf = Check.sortedMap("spark.conf", conf);
    }

    public static SparkSpec defaults() {
        return new SparkSpec("local[*]", Map.of());
    }
}
