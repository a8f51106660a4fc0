package dev.sparkfit.testutil;

import dev.sparkfit.cli.Main;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real command line in-process (on the shared test Spark session) and captures its output. */
public record Cli(int exitCode, String out, String err) {

    public static Cli run(String... args) {
        TestSpark.get(); // commands reuse, and never stop, the suite's session
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }

    /** The last line of stdout (the metrics JSON after a train). */
    public String lastLine() {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }
}
