package dev.sparkfit.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spark task failures during training, injected by the test-only {@link TestFaults} hook in a
 * {@code local[2,4]} session ({@link TaskFaultsProbe}, its own JVM): a task that fails once is retried
 * and the run's metrics equal a clean run's; a task that always fails ends the run with exit 5 in
 * bounded time, one line naming the job, the stage and the cause, and no model.
 */
class TaskFaultsTest {

    static final Map<String, String> probe = new HashMap<>();

    @BeforeAll
    static void runProbe() throws Exception {
        List<String> cmd = dev.sparkfit.bench.ChildJvm.command(TaskFaultsProbe.class, null, List.of());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("PROBE")) {
                    String[] kindName = line.split(" ", 3);
                    probe.put(kindName[0] + " " + kindName[1], kindName.length > 2 ? kindName[2] : "");
                }
            }
        }
        assertTrue(p.waitFor(4, TimeUnit.MINUTES), "probe finished");
        assertEquals(0, p.exitValue(), probe.toString());
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndTheMetricsEqualACleanRun() throws Exception {
        assertTrue(probe.get("PROBE clean").startsWith("exit=0 failedTasks=0"), probe.toString());
        assertTrue(probe.get("PROBE retried").startsWith("exit=0 "), probe.toString());
        assertTrue(!probe.get("PROBE retried").contains("failedTasks=0 "), "a task really failed: " + probe);
        assertTrue(probe.get("PROBE retried").endsWith("model=true success=true"), probe.toString());
        assertEquals(withoutSeconds(probe.get("PROBE-OUT clean")), withoutSeconds(probe.get("PROBE-OUT retried")));
    }

    @Test
    void aTaskThatAlwaysFailsEndsTheRunWithExit5AndNoModel() {
        String run = probe.get("PROBE always");
        assertTrue(run.startsWith("exit=5 "), probe.toString());
        int failedTasks = Integer.parseInt(run.replaceAll(".*failedTasks=([0-9]+).*", "$1"));
        // 4 attempts of the failing task; the other task of the stage may be cancelled too
        assertTrue(failedTasks >= 4 && failedTasks <= 5, "attempts: " + failedTasks);
        assertTrue(run.endsWith("model=false success=false"), run);
        double seconds = Double.parseDouble(run.replaceAll(".*seconds=([0-9.]+).*", "$1"));
        assertTrue(seconds < 60, "bounded time: " + seconds);
        String err = probe.get("PROBE-ERR always");
        assertTrue(!err.contains("\\n"), "one line: " + err);
        assertTrue(err.startsWith("sparkfit: Spark job 'train epoch 1/2, averaging round 1/4' failed: Task 0 in stage"), err);
        assertTrue(err.contains("failed 4 times") && err.contains("IllegalStateException: sparkfit.test.fail="
                + "round:always: injected failure of task 0"), err);
    }

    private static ObjectNode withoutSeconds(String json) throws Exception {
        ObjectNode n = (ObjectNode) new ObjectMapper().readTree(json);
        n.remove("seconds");
        return n;
    }
}
