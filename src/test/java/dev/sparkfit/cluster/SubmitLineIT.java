package dev.sparkfit.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/sparkfit-submit picks the jar of the Spark line its spark-submit reports. The spark-submit here is
 * a real one: a SPARK_HOME whose bin/spark-submit runs Spark's own SparkSubmit class from the Maven-resolved
 * jars of the line this build is for (SPARKFIT_SPARK_LINE, set by the build), so its version banner is Spark's.
 */
class SubmitLineIT {

    @TempDir
    Path dir;

    @Test
    void theJarOfTheSparkThatSpark_submitReportsIsUsed() throws Exception {
        String line = System.getenv().getOrDefault("SPARKFIT_SPARK_LINE", "3");
        LocalCluster.Result home = LocalCluster.runHere(List.of("scripts/spark-home.sh"), Map.of(), 10);
        assertEquals(0, home.exit(), home.stderr());
        Path sparkHome = dir.resolve("spark");
        Files.createDirectories(sparkHome.resolve("bin"));
        Path submit = sparkHome.resolve("bin/spark-submit");
        Files.writeString(submit, "#!/usr/bin/env bash\nexec java -cp '" + home.lastLine().trim()
                + "/jars/*' org.apache.spark.deploy.SparkSubmit \"$@\"\n");
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("SPARK_HOME", sparkHome.toString(), "PATH", "/usr/bin:/bin");

        LocalCluster.Result ok = LocalCluster.runHere(List.of("scripts/sparkfit-submit", "--master", "local[1]",
                "train", "--help"), env, 10);
        assertEquals(0, ok.exit(), ok.stderr());
        String jar = line.equals("4") ? "-spark4.jar" : "-spark.jar";
        assertTrue(ok.stderr().lines().anyMatch(l -> l.startsWith("sparkfit-submit: Spark " + (line.equals("4") ? "4." : "3.5."))
                && l.endsWith(jar)), ok.stderr());
        assertTrue(ok.stdout().contains("Usage: sparkfit train"), ok.stdout());

        String other = line.equals("4") ? "3" : "4";
        Map<String, String> wrong = new java.util.HashMap<>(env);
        wrong.put("SPARKFIT_SPARK_LINE", other);
        LocalCluster.Result refused = LocalCluster.runHere(List.of("scripts/sparkfit-submit", "train", "--help"),
                wrong, 5);
        assertEquals(2, refused.exit(), refused.stderr());
        List<String> lines = refused.stderr().lines().toList();
        assertEquals(1, lines.size(), refused.stderr());
        assertTrue(lines.get(0).startsWith("sparkfit-submit: SPARKFIT_SPARK_LINE=" + other + ", but " + submit
                + " is Spark ") && lines.get(0).endsWith(", which needs SPARKFIT_SPARK_LINE=" + line + " (or unset it)"),
                lines.get(0));
    }
}
