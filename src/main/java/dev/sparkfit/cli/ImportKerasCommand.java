package dev.sparkfit.cli;

import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecException;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.job.ImportKerasJob;
import dev.sparkfit.model.KerasImport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sparkfit import-keras --h5 FILE --out DIR}: a Keras 2 Sequential model of Dense layers as a sparkfit model. */
@Command(name = "import-keras", mixinStandardHelpOptions = true,
        description = "Import a Keras 2 Sequential model of Dense layers (HDF5, model.save('m.h5')) as a sparkfit"
                + " model directory for predict, evaluate and model.init_from; the last stdout line is a JSON summary.")
public final class ImportKerasCommand implements Callable<Integer> {

    @Option(names = "--h5", required = true, description = "the Keras HDF5 file")
    Path h5;

    @Option(names = "--out", required = true, description = "the model directory to write (must not exist)")
    Path out;

    @Option(names = "--spec", description = "a job spec whose data section names the feature columns and the label"
            + " (its data file is read for column types and class names); default: features f0..f{n-1}, label 'label'")
    Path specFile;

    @Mixin
    SparkOptions sparkOptions;

    @Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out)) {
            throw new CommandLine.ParameterException(command.commandLine(), "--out: " + out
                    + " already exists (import-keras writes a new model directory; choose another)");
        }
        JobSpec spec = specFile == null ? null : SpecLoader.load(specFile, List.of());
        KerasImport.KerasNetwork keras = KerasImport.read(h5); // every file and spec error before Spark starts
        if (spec != null) {
            try {
                ImportKerasJob.checkSpec(spec, keras);
            } catch (SpecException e) {
                throw new SpecException(specFile + ": " + e.getMessage());
            }
        }
        var console = command.commandLine().getOut();
        Map<String, Object> summary = sparkOptions.withSession("sparkfit import-keras " + h5.getFileName(),
                spec == null ? "local[*]" : spec.spark().master(), spec == null ? Map.of() : spec.spark().conf(),
                spark -> ImportKerasJob.run(spark, keras, spec, out, Console.lines(console)));
        Console.result(console, summary);
        return ExitCodes.OK;
    }
}
