package dev.sparkfit.data;

import dev.sparkfit.config.MissingPolicy;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fitted feature pipeline applied in plain Java to a cached {@link RowChunk} row, for packing training
 * blocks without a Spark ML transform over every row. Its numbers are read back from the fitted pipeline
 * itself ({@link FeatureRecipe}) and applied in the pipeline's own order of operations (fill, times the
 * rescale factor, minus the mean, times 1/std), so a row encodes to the same doubles the saved model's
 * pipeline gives it at prediction time ({@code RowEncoderTest} holds the two together).
 */
final class RowEncoder implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int nNumeric, nCategorical, width;
    private final double[] fill, factor, mean, scale;
    private final List<Map<String, Integer>> index;
    private final int[] offset, unknown;

    private RowEncoder(FeatureRecipe r) {
        this.nNumeric = r.numeric().size();
        this.nCategorical = r.categorical().size();
        this.width = r.width();
        this.fill = r.fill();
        this.factor = r.factor();
        this.mean = r.mean();
        this.scale = r.scale();
        this.index = r.categories().stream().map(values -> {
            Map<String, Integer> m = new HashMap<>();
            for (int i = 0; i < values.size(); i++) {
                m.put(values.get(i), i);
            }
            return m;
        }).toList();
        this.offset = new int[nCategorical];
        this.unknown = new int[nCategorical];
        int slot = nNumeric;
        for (int k = 0; k < nCategorical; k++) {
            offset[k] = slot;
            unknown[k] = r.categories().get(k).size();
            slot += unknown[k] + 1;
        }
    }

    static RowEncoder of(FittedPreprocessing prep, List<String> numeric, List<String> categorical,
                         MissingPolicy missing) {
        return new RowEncoder(FeatureRecipe.of(prep, numeric, categorical, null, missing));
    }

    int width() {
        return width;
    }

    /** Writes row {@code i} of {@code c} as {@link #width} floats at {@code out[at]}. */
    void encode(RowChunk c, int i, float[] out, int at) {
        for (int j = 0; j < nNumeric; j++) {
            double v = c.x[i * nNumeric + j];
            if (Double.isNaN(v)) {
                v = fill[j]; // the SQL coalesce
            }
            out[at + j] = finish(v * factor[j], j); // ElementwiseProduct (a factor of 1 when there is none)
        }
        for (int k = 0; k < nCategorical; k++) {
            String v = c.cats[i * nCategorical + k];
            Integer hot = v == null ? null : index.get(k).get(v);
            int h = hot == null ? unknown[k] : hot; // StringIndexer's "keep": empty and unseen values
            for (int s = 0; s <= unknown[k]; s++) {
                out[at + offset[k] + s] = finish(s == h ? 1.0 : 0.0, offset[k] + s);
            }
        }
    }

    /** StandardScalerModel's arithmetic on slot {@code s}. */
    private float finish(double v, int s) {
        if (mean != null && scale != null) {
            return (float) ((v - mean[s]) * scale[s]);
        } else if (mean != null) {
            return (float) (v - mean[s]);
        } else if (scale != null) {
            return (float) (v * scale[s]);
        }
        return (float) v;
    }
}
