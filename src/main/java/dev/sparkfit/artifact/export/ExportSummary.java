package dev.sparkfit.artifact.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.nio.file.Path;
import java.util.List;

/**
 * What an export wrote, for the last stdout line: the format, the file and its size, the inputs and
 * outputs with their names, element types, shapes (null for the batch dimension) and, for a tensor that
 * holds several columns, the columns in order; the ONNX opsets or the Keras version written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "file", "bytes", "opset", "ml_opset", "keras_version", "inputs", "outputs"})
public record ExportSummary(String format, String file, Long bytes, Integer opset,
                            @JsonProperty("ml_opset") Integer mlOpset,
                            @JsonProperty("keras_version") String kerasVersion,
                            List<Tensor> inputs, List<Tensor> outputs) {

    /**
     * One input or output.
     *
     * @param fill for numeric columns, the value an empty cell takes (null where none is filled)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tensor(String name, String type, List<Long> shape, List<String> columns, List<Double> fill) {

        public Tensor {
            shape = shape == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(shape));
            columns = columns == null ? null : List.copyOf(columns);
            fill = fill == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(fill));
        }
    }

    public ExportSummary {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** The same summary for the file it ended up in. */
    public ExportSummary at(Path path, long size) {
        return new ExportSummary(format, path.toString(), size, opset, mlOpset, kerasVersion, inputs, outputs);
    }
}
