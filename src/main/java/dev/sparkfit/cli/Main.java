package dev.sparkfit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** Entry point: {@code sparkfit <command> [options]}; exit codes as in {@link ExitCodes}. */
@Command(name = "sparkfit", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Keras-style neural network training on Apache Spark with Deeplearning4j.",
        subcommands = {TrainCommand.class, CvCommand.class, PredictCommand.class, EvaluateCommand.class, CompareCommand.class, CapacityCommand.class, TuneCommand.class, BenchCommand.class, ImportKerasCommand.class, InspectCommand.class, ExportCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line and returns its exit code; never calls System.exit. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            boolean verbose = parsed.originalArgs().contains("--verbose");
            commandLine.getErr().println("sparkfit: " + ExitCodes.message(e));
            String hint = ExitCodes.hint(e);
            if (hint != null) {
                commandLine.getErr().println("sparkfit: " + hint);
            }
            if (verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return ExitCodes.of(e);
        });
        cl.setParameterExceptionHandler((e, a) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("sparkfit: " + e.getMessage());
            c.usage(c.getErr());
            return ExitCodes.USAGE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sparkfit " + dev.sparkfit.artifact.Versions.SPARKFIT
                    + " (DL4J " + dev.sparkfit.artifact.Versions.DL4J + ", Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ")"};
        }
    }
}
