package dev.sparkfit.artifact.export;

import dev.sparkfit.data.FeatureRecipe;
import onnx.Onnx.TensorProto.DataType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

import static dev.sparkfit.artifact.export.OnnxGraph.attr;
import static dev.sparkfit.artifact.export.OnnxGraph.ints;

/**
 * The fitted preprocessing as ONNX nodes, computed in double as Spark computes it, so the network sees
 * the same float inputs as in {@code sparkfit predict}: NaN cells of {@value #NUMERIC} take their fill
 * (IsNaN, Where), times the rescale factor (Mul); each column of {@value #CATEGORICAL} is looked up in its
 * categories (ai.onnx.ml LabelEncoder; anything else, the empty string included, is the unknown index)
 * and one-hot encoded (Equal against 0..k, Cast); the parts are concatenated in the model's feature order
 * and standardized ({@code (v - mean) * scale}, Sub and Mul), then cast to float.
 */
final class OnnxPreprocessing {

    static final String NUMERIC = "numeric";
    static final String CATEGORICAL = "categorical";
    static final String VECTOR = "vector";

    private OnnxPreprocessing() {
    }

    /** Adds the inputs and the nodes to {@code g}; returns the name of the float [N, width] network input. */
    static String add(OnnxGraph g, FeatureRecipe r, List<ExportSummary.Tensor> inputs) {
        List<String> parts = new ArrayList<>();
        if (r.vectorColumn() != null) {
            g.input(VECTOR, DataType.DOUBLE, "the elements of vector column '" + r.vectorColumn() + "'", null,
                    (long) r.vectorWidth());
            inputs.add(new ExportSummary.Tensor(VECTOR, "double", Arrays.asList(null, (long) r.vectorWidth()),
                    List.of(r.vectorColumn()), null));
            parts.add(VECTOR);
        }
        if (!r.numeric().isEmpty()) {
            parts.add(numeric(g, r, inputs));
        }
        if (!r.categorical().isEmpty()) {
            g.input(CATEGORICAL, DataType.STRING, "columns in order: " + String.join(", ", r.categorical())
                    + "; a value outside a column's categories (an empty cell: \"\") is its unknown slot", null,
                    (long) r.categorical().size());
            inputs.add(new ExportSummary.Tensor(CATEGORICAL, "string", Arrays.asList(null, (long) r.categorical().size()),
                    r.categorical(), null));
            for (int j = 0; j < r.categorical().size(); j++) {
                parts.add(oneHot(g, j, r.categories().get(j)));
            }
        }
        int w = r.width();
        String v = parts.size() == 1 ? parts.get(0) : g.node("Concat", "assembled", parts, attr("axis", 1L));
        if (r.mean() != null) {
            v = g.node("Sub", "centered", List.of(v, g.constant("mean", r.mean(), w)));
        }
        if (r.scale() != null) {
            v = g.node("Mul", "standardized", List.of(v, g.constant("scale", r.scale(), w)));
        }
        return g.node("Cast", "features", List.of(v), attr("to", (long) DataType.FLOAT_VALUE));
    }

    private static String numeric(OnnxGraph g, FeatureRecipe r, List<ExportSummary.Tensor> inputs) {
        int n = r.numeric().size();
        g.input(NUMERIC, DataType.DOUBLE, "columns in order: " + String.join(", ", r.numeric())
                + "; NaN for an empty cell", null, (long) n);
        List<Double> fill = Arrays.stream(r.fill()).boxed().map(f -> f.isNaN() ? null : f).toList();
        inputs.add(new ExportSummary.Tensor(NUMERIC, "double", Arrays.asList(null, (long) n), r.numeric(), fill));
        String v = NUMERIC;
        if (Arrays.stream(r.fill()).anyMatch(f -> !Double.isNaN(f))) {
            // a NaN fill (missing: fail) leaves the cell NaN, as the row sparkfit would refuse gives no prediction
            String nan = g.node("IsNaN", "numeric_empty", List.of(v));
            v = g.node("Where", "numeric_filled", List.of(nan, g.constant("fill", r.fill(), n), v));
        }
        if (Arrays.stream(r.factor()).anyMatch(f -> f != 1.0)) {
            v = g.node("Mul", "numeric_rescaled", List.of(v, g.constant("rescale", r.factor(), n)));
        }
        return v;
    }

    /**
     * Column {@code j} of the categorical input as k + 1 doubles: its category's slot, or the last for
     * unknown. Indices count from 1 (category i is i + 1, unknown k + 1): a default_int64 of 0 would not
     * be written.
     */
    private static String oneHot(OnnxGraph g, int j, List<String> categories) {
        int k = categories.size();
        String value = g.node("Gather", "categorical_" + j, List.of(CATEGORICAL,
                g.constant("categorical_" + j + "_column", new long[] {j}, 1)), attr("axis", 1L));
        // No categories (a column empty in every training row): one key that no cell holds, mapped to unknown.
        List<String> keys = k == 0 ? List.of("\u0000") : categories;
        String index = g.node(OnnxGraph.ML_DOMAIN, "LabelEncoder", "categorical_" + j + "_index", List.of(value),
                OnnxGraph.strings("keys_strings", keys),
                ints("values_int64s", k == 0 ? new long[] {1} : LongStream.rangeClosed(1, k).toArray()),
                attr("default_int64", (long) k + 1));
        String hot = g.node("Equal", "categorical_" + j + "_hot", List.of(index,
                g.constant("categorical_" + j + "_slots", LongStream.rangeClosed(1, k + 1).toArray(), k + 1)));
        return g.node("Cast", "categorical_" + j + "_onehot", List.of(hot), attr("to", (long) DataType.DOUBLE_VALUE));
    }
}
