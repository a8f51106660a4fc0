package dev.sparkfit.artifact.export;

import dev.sparkfit.config.SpecException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes a sparkfit model in a format another runtime reads. */
public interface ModelExporter {

    List<String> FORMATS = List.of(OnnxExporter.FORMAT, KerasH5Exporter.FORMAT);

    /** Refuses, with a one-line {@link SpecException}, a network this format cannot hold. */
    void check(DenseStack network);

    /** Writes {@code model} to {@code file} (a new file) and describes it; the caller publishes it. */
    ExportSummary write(ExportModel model, Path file) throws IOException;

    static ModelExporter forFormat(String format) {
        return switch (format) {
            case OnnxExporter.FORMAT -> new OnnxExporter();
            case KerasH5Exporter.FORMAT -> new KerasH5Exporter();
            default -> throw new SpecException("--format: '" + format + "' is not one of " + String.join(", ", FORMATS));
        };
    }
}
