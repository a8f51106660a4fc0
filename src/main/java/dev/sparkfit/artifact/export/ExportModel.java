package dev.sparkfit.artifact.export;

import dev.sparkfit.artifact.Metadata;
import dev.sparkfit.artifact.ModelStore;
import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.data.FeatureRecipe;
import dev.sparkfit.model.Head;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.List;
import java.util.Locale;

/**
 * A loaded model in the terms every exporter needs: the dense layers, the fitted preprocessing as
 * numbers, the feature names in input order, the head (task, classes) and the optimizer it was trained with.
 */
public record ExportModel(DenseStack network, FeatureRecipe inputs, List<String> featureNames, Head head,
                          MissingPolicy missing, IUpdater updater) {

    public ExportModel {
        featureNames = List.copyOf(featureNames);
    }

    public static ExportModel of(ModelStore.LoadedModel model, String format) {
        Metadata m = model.metadata();
        MissingPolicy missing = MissingPolicy.valueOf(m.missing().toUpperCase(Locale.ROOT));
        FeatureRecipe recipe = FeatureRecipe.of(model.preprocessing(), m.numericColumns(), m.categoricalColumns(),
                m.vectorColumn(), missing);
        IUpdater updater = model.network().getLayerWiseConfigurations().getConf(0).getLayer()
                .getUpdaterByParam("W");
        return new ExportModel(DenseStack.of(model.network(), format), recipe, m.featureNames(), model.head(),
                missing, updater);
    }
}
