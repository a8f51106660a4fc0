package dev.sparkfit.cluster;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A standalone cluster with spark.authenticate and RPC encryption (as in
 * conf/spark-defaults.conf.template): an application with the shared secret trains, one with a wrong
 * secret is refused, and the secret never appears in the run's files or output.
 */
class SecurityIT {

    private static final String SECRET = "it-secret-7f3a9c";

    @Test
    void onlyAnApplicationWithTheSecretRunsAndTheSecretIsNeverWritten() throws Exception {
        // The security block of the template, as a user would copy it.
        String template = Files.readString(LocalCluster.ROOT.resolve("conf/spark-defaults.conf.template"));
        String security = template.substring(template.indexOf("# ---- security")).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).collect(java.util.stream.Collectors.joining("\n"));
        assertTrue(security.contains("spark.authenticate") && security.contains("spark.network.crypto.enabled"), security);
        Path conf = LocalCluster.ROOT.resolve("target/it-secure.conf");
        Files.writeString(conf, security + "\n");
        try (LocalCluster cluster = LocalCluster.start("it-secure", 17277,
                Map.of("SPARKFIT_CLUSTER_CONF", conf.toString(), "SPARKFIT_AUTH_SECRET", SECRET))) {
            Path out = LocalCluster.ROOT.resolve("target/it-runs/secure");
            List<String> train = List.of("--conf", "spark.network.crypto.enabled=true",
                    "--conf", "spark.network.crypto.saslFallback=false",
                    "train", "--spec", "conf/iris.yaml", "--set", "training.epochs=2", "--out", out.toString(),
                    "--overwrite");
            LocalCluster.Result ok = cluster.submit(train, Map.of("SPARKFIT_AUTH_SECRET", SECRET));
            assertEquals(0, ok.exit(), ok.stderr());
            assertFalse(ok.stdout().contains(SECRET) || ok.stderr().contains(SECRET), "the secret is not printed");
            try (Stream<Path> files = Files.walk(out)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertFalse(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)
                            .contains(SECRET), "secret written to " + f);
                }
            }

            Path refused = LocalCluster.ROOT.resolve("target/it-runs/refused");
            LocalCluster.Result wrong = cluster.submit(List.of("--conf", "spark.network.crypto.enabled=true",
                    "train", "--spec", "conf/iris.yaml", "--set", "training.epochs=2", "--out", refused.toString(),
                    "--overwrite"), Map.of("SPARKFIT_AUTH_SECRET", "not-the-secret"));
            assertNotEquals(0, wrong.exit(), "an application with the wrong secret must not run");
            assertFalse(Files.exists(refused.resolve("_SUCCESS")));
            long apps = cluster.executorLogs().stream().map(l -> l.getParent().getParent().getFileName()).distinct().count();
            assertEquals(1, apps, "executors ran for the accepted application only");
        }
    }
}
