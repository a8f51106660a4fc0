package dev.sparkfit.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Airflow DAG's pieces that run without Airflow: its promotion rules (Python unit tests on a
 * real temporary directory), that the DAG file compiles, and that it gives executors the same
 * settings as scripts/sparkfit-submit.
 */
class AirflowDagTest {

    private static final Path DIR = Path.of("scripts/airflow");

    @Test
    void promotionRulesPassAndTheDagCompiles() throws Exception {
        assertEquals(0, python("-B", "-m", "unittest", "-q", "test_sparkfit_promote"));
        assertEquals(0, python("-B", "-c", "import ast; ast.parse(open('sparkfit_retrain_dag.py').read())"));
    }

    @Test
    void theDagSubmitsWithTheSettingsOfSparkfitSubmit() throws Exception {
        String dag = Files.readString(DIR.resolve("sparkfit_retrain_dag.py"));
        String submit = Files.readString(Path.of("scripts/sparkfit-submit"));
        Matcher m = Pattern.compile("--conf (spark\\.[A-Za-z_.]+)=\"?([^\"\\\\\\n]+)\"?").matcher(submit);
        int n = 0;
        while (m.find()) {
            n++;
            String key = m.group(1);
            String value = m.group(2).strip();
            assertTrue(dag.contains("\"" + key + "\""), key + " missing from the DAG");
            assertTrue(dag.replace("\"\n        \"", "").contains(value), key + "=" + value + " differs in the DAG");
        }
        assertTrue(n >= 4, "found the settings of sparkfit-submit: " + n);
        assertTrue(dag.contains("\"--run-id\", \"{{ ds }}\""), "train runs with --run-id {{ ds }}");
    }

    private static int python(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("python3"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).inheritIO().start();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        return p.exitValue();
    }
}
