package dev.sparkfit.data;

import dev.sparkfit.config.MissingPolicy;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.ElementwiseProduct;
import org.apache.spark.ml.feature.ImputerModel;
import org.apache.spark.ml.feature.OneHotEncoderModel;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fitted feature pipeline as plain numbers, for writing it somewhere Spark is not (ONNX, Keras): the
 * network input is, slot by slot, the vector column's elements, then each numeric column (empty cells
 * filled with {@code fill}, times {@code factor}), then each categorical column one-hot over its
 * categories plus a last "unknown" slot; then, when standardized, {@code (v - mean) * scale}, exactly as
 * Spark's StandardScalerModel computes it (scale is 1/std, or 0 for a constant slot).
 *
 * @param fill       per numeric column; NaN where nothing is filled ({@code missing: fail}: sparkfit refuses the row)
 * @param mean       per slot, or null when not centered
 * @param scale      per slot, or null when not scaled
 */
public record FeatureRecipe(String vectorColumn, int vectorWidth, List<String> numeric, double[] fill, double[] factor,
                            List<String> categorical, List<List<String>> categories, double[] mean, double[] scale) {

    private static final Pattern FILL = Pattern.compile("coalesce\\(`([^`]+)`, (-?[0-9]+\\.[0-9]+(?:E-?[0-9]+)?)D?\\)");

    public FeatureRecipe {
        numeric = List.copyOf(numeric);
        categorical = List.copyOf(categorical);
        categories = categories.stream().map(List::copyOf).toList();
    }

    /** The network's input width. */
    public int width() {
        return vectorWidth + numeric.size() + categories.stream().mapToInt(c -> c.size() + 1).sum();
    }

    /**
     * Reads the stages {@link Preprocessing} and {@link FixedPreprocessing} write (and the ImputerModel
     * of older models), and checks the result against the model's feature names.
     */
    public static FeatureRecipe of(FittedPreprocessing prep, List<String> numeric, List<String> categorical,
                                   String vectorColumn, MissingPolicy missing) {
        Map<String, Double> fills = new HashMap<>();
        double[] factor = new double[numeric.size()];
        Arrays.fill(factor, 1.0);
        Map<String, List<String>> labels = new HashMap<>();
        double[] mean = null;
        double[] scale = null;
        for (Transformer stage : prep.pipeline().stages()) {
            if (stage instanceof SQLTransformer sql) {
                Matcher m = FILL.matcher(sql.getStatement());
                while (m.find()) {
                    fills.put(m.group(1), Double.parseDouble(m.group(2)));
                }
            } else if (stage instanceof ImputerModel imputer) {
                Row surrogate = imputer.surrogateDF().first();
                for (String c : imputer.getInputCols()) {
                    fills.put(c, ((Number) surrogate.getAs(c)).doubleValue());
                }
            } else if (stage instanceof ElementwiseProduct product) {
                factor = product.getScalingVec().toArray();
            } else if (stage instanceof StringIndexerModel indexer) {
                String[] in = indexer.getInputCols();
                for (int i = 0; i < in.length; i++) {
                    labels.put(in[i], List.of(indexer.labelsArray()[i]));
                }
            } else if (stage instanceof OneHotEncoderModel ohe && ohe.getDropLast()) {
                throw mismatch("a OneHotEncoder drops its last category, which sparkfit never does");
            } else if (stage instanceof StandardScalerModel scaler) {
                mean = scaler.getWithMean() ? scaler.mean().toArray() : null;
                scale = scaler.getWithStd() ? Arrays.stream(scaler.std().toArray())
                        .map(s -> s == 0 ? 0.0 : 1.0 / s).toArray() : null; // as StandardScalerModel.transform
            }
        }
        double[] fill = new double[numeric.size()];
        for (int i = 0; i < fill.length; i++) {
            Double f = fills.get(numeric.get(i));
            fill[i] = missing == MissingPolicy.FAIL || f == null ? Double.NaN : f;
        }
        List<List<String>> cats = new ArrayList<>();
        for (String c : categorical) {
            if (!labels.containsKey(c)) {
                throw mismatch("categorical column '" + c + "' has no StringIndexer stage");
            }
            cats.add(labels.get(c));
        }
        int vectorWidth = vectorColumn == null ? 0 : (int) prep.featureNames().stream()
                .filter(n -> n.startsWith(vectorColumn + "[")).count();
        FeatureRecipe r = new FeatureRecipe(vectorColumn, vectorWidth, numeric, fill, factor, categorical, cats, mean, scale);
        r.check(prep.featureNames());
        return r;
    }

    private void check(List<String> featureNames) {
        if (factor.length != numeric.size()) {
            throw mismatch("the rescale stage has " + factor.length + " factors for " + numeric.size() + " numeric columns");
        }
        if (featureNames.size() != width() || (mean != null && mean.length != width())
                || (scale != null && scale.length != width())) {
            throw mismatch("the stages make " + width() + " features, the model has " + featureNames.size());
        }
        int slot = vectorWidth + numeric.size();
        for (int c = 0; c < categorical.size(); c++) {
            for (String v : categories.get(c)) {
                if (!featureNames.get(slot++).equals(categorical.get(c) + "=" + v)) {
                    throw mismatch("feature " + (slot - 1) + " is '" + featureNames.get(slot - 1) + "', the indexer says '"
                            + categorical.get(c) + "=" + v + "'");
                }
            }
            slot++; // the unknown slot
        }
    }

    /**
     * The per-slot affine map from the raw slot value (a numeric cell as given, a one-hot 0/1, a vector
     * element) to the network's input: {@code z = a * v + c}, rescale and standardization composed.
     *
     * @return {a, c}
     */
    public double[][] affine() {
        int w = width();
        double[] a = new double[w];
        double[] c = new double[w];
        Arrays.fill(a, 1.0);
        for (int i = 0; i < numeric.size(); i++) {
            a[vectorWidth + i] = factor[i];
        }
        for (int i = 0; i < w; i++) {
            double s = scale == null ? 1.0 : scale[i];
            double m = mean == null ? 0.0 : mean[i];
            c[i] = -m * s;
            a[i] *= s;
        }
        return new double[][] {a, c};
    }

    private static DataException mismatch(String why) {
        return new DataException("the model's preprocessing/ does not match its metadata.json: " + why);
    }
}
