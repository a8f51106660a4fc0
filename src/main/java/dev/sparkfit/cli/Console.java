package dev.sparkfit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.io.Json;

import java.io.PrintWriter;
import java.util.function.Consumer;

/** How commands talk to stdout: progress lines as they come, and a result as one last JSON line. */
final class Console {

    private static final ObjectMapper JSON = Json.MAPPER;

    private Console() {
    }

    /**
     * Prints each line at once (a scheduler's log shows progress while the job runs); safe to call
     * from several threads, as cv's parallel folds do.
     */
    static Consumer<String> lines(PrintWriter out) {
        return line -> {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        };
    }

    /**
     * A rerun of a finished --run-id: says so and prints the run's metrics.json as the last line, as
     * the original run did, so a retried scheduler task gets the same result.
     */
    static int alreadyFinished(PrintWriter out, java.nio.file.Path dir, String metricsFile) throws java.io.IOException {
        out.println("run " + dir + " already finished with this spec (" + dev.sparkfit.artifact.RunDirectory.SUCCESS
                + " present); nothing to do");
        java.nio.file.Path metrics = dir.resolve(metricsFile);
        result(out, java.nio.file.Files.exists(metrics) ? JSON.readTree(metrics.toFile()) : JSON.createObjectNode());
        return ExitCodes.OK;
    }

    /** Prints {@code result} as one JSON line: the last line of stdout, for schedulers (Airflow's XCom). */
    static void result(PrintWriter out, Object result) throws JsonProcessingException {
        out.println(JSON.writeValueAsString(result));
        out.flush();
    }
}
