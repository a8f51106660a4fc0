package dev.sparkfit.cli;

import org.apache.spark.sql.SparkSession;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in its own JVM by {@link SpecErrorsNoSparkTest}, where no Spark session exists yet: bad specs
 * through every spec-taking command, then whether a session was ever started. Prints
 * {@code PROBE <command> exit=<code> err=<stderr>} per run and {@code PROBE session=<started>}.
 */
public final class SpecErrorsNoSparkProbe {

    private SpecErrorsNoSparkProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path spec = Files.createTempFile("bad", ".yaml");
        Files.writeString(spec, "data: {path: data-samples/iris.csv, label: species}\ntraining: {batch_size: 0}\n");
        for (String command : new String[] {"train", "cv", "capacity", "compare"}) {
            StringWriter err = new StringWriter();
            String[] args1 = command.equals("compare")
                    ? new String[] {command, "--spec", spec.toString(), "--spec", spec.toString()}
                    : new String[] {command, "--spec", spec.toString()};
            int code = Main.run(args1, new PrintWriter(new StringWriter()),
                    new PrintWriter(err, true));
            System.out.println("PROBE " + command + " exit=" + code + " err=" + err.toString().strip().replace("\n", "\\n"));
        }
        System.out.println("PROBE session=" + (SparkSession.getDefaultSession().isDefined()
                || SparkSession.getActiveSession().isDefined()));
    }
}
