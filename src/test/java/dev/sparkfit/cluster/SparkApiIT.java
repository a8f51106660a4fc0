package dev.sparkfit.cluster;

import dev.sparkfit.examples.ReadmeExamplesTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark ML API as a Spark user runs it, from the spark-submit jar, in local[2] (no cluster needed):
 * {@code spark-submit --class dev.sparkfit.examples.TitanicPipeline} (the README's Java example), and the
 * README's Scala example, read from README.md, pasted into Spark's own shell (scripts/sparkfit-shell:
 * {@code org.apache.spark.repl.Main} through SparkSubmit, {@code --jars} the jar). Spark comes from the
 * Maven-resolved jars of the build's line (scripts/spark-home.sh), as for the other cluster tests.
 */
class SparkApiIT {

    private static final Map<String, String> ENV = Map.of("OMP_NUM_THREADS", "1");

    @TempDir
    Path dir;

    @Test
    void theJavaExampleRunsUnderSparkSubmit() throws Exception {
        LocalCluster.Result home = LocalCluster.runHere(List.of("scripts/spark-home.sh"), Map.of(), 10);
        assertEquals(0, home.exit(), home.stderr());
        String sparkHome = home.lastLine().trim();
        Path model = dir.resolve("titanic-model");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx1g"));
        // The driver runs in this JVM's place: the module openings the build gives this one (Spark's launcher would add them).
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens")).forEach(cmd::add);
        cmd.addAll(List.of("-cp", sparkHome + "/conf:" + sparkHome + "/jars/*", "org.apache.spark.deploy.SparkSubmit",
                "--class", "dev.sparkfit.examples.TitanicPipeline", "--master", "local[2]",
                "--conf", "spark.ui.enabled=false", jar().toString(), "data-samples/titanic.csv", model.toString()));
        long start = System.nanoTime();
        LocalCluster.Result r = LocalCluster.runHere(cmd, ENV, 10);
        assertEquals(0, r.exit(), r.stderr());
        System.out.printf("spark-submit TitanicPipeline: %.0f s, %s%n", (System.nanoTime() - start) / 1e9,
                String.join(" ", r.stdout().lines().toList()));
        double auc = value(r.stdout(), "auc=");
        assertTrue(auc > 0.75 && auc < 1, r.stdout()); // majority class alone: 0.5
        assertEquals(auc, value(r.stdout(), "reloaded_auc="), 0.0, "the saved and loaded pipeline scores the same");
        try (Stream<Path> s = Files.walk(model)) {
            assertEquals(1, s.filter(p -> p.endsWith("network/summary.json")).count(), "the summary is saved with it");
        }
    }

    @Test
    void theReadmesScalaExampleRunsInSparkShell() throws Exception {
        List<String> script = new ArrayList<>(ReadmeExamplesTest.block("```scala"));
        script.add("println(\"avgMetrics=\" + cv.avgMetrics.mkString(\",\"))");
        script.add("println(\"bestModel=\" + cv.bestModel.getClass.getName)");
        Path file = Files.write(dir.resolve("readme.scala"), script);
        Path stdin = Files.write(dir.resolve("stdin"), List.of(":paste " + file, ":quit"));
        long start = System.nanoTime();
        LocalCluster.Result r = LocalCluster.runHere(List.of("scripts/sparkfit-shell", "--master", "local[2]",
                "--conf", "spark.ui.enabled=false"), ENV, 10, stdin);
        assertEquals(0, r.exit(), r.stderr() + r.stdout());
        System.out.printf("sparkfit-shell, README's Scala lines: %.0f s%n", (System.nanoTime() - start) / 1e9);
        assertFalse(r.stdout().contains("error:"), r.stdout());
        assertTrue(r.stdout().contains("bestModel=org.apache.spark.ml.PipelineModel"), r.stdout());
        String line = r.stdout().lines().filter(l -> l.startsWith("avgMetrics=")).findFirst().orElseThrow();
        System.out.println(line);
        double[] auc = Arrays.stream(line.substring("avgMetrics=".length()).split(",")).mapToDouble(Double::parseDouble)
                .toArray();
        assertEquals(4, auc.length, line); // learningRate x hiddenUnits
        assertTrue(Arrays.stream(auc).max().orElseThrow() > 0.7, line);
        assertTrue(Arrays.stream(auc).allMatch(a -> a > 0 && a < 1), line);
    }

    private static Path jar() throws Exception {
        String suffix = "4".equals(System.getenv("SPARKFIT_SPARK_LINE")) ? "-spark4.jar" : "-spark.jar";
        try (Stream<Path> s = Files.list(LocalCluster.ROOT.resolve("target"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("sparkfit-")
                    && p.getFileName().toString().endsWith(suffix)).findFirst().orElseThrow();
        }
    }

    private static double value(String stdout, String prefix) {
        return Double.parseDouble(stdout.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " line in: " + stdout)).substring(prefix.length()));
    }
}
