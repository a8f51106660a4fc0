package dev.sparkfit.model;

import dev.sparkfit.config.LayerSpec;
import dev.sparkfit.config.ModelSpec;
import dev.sparkfit.config.SpecException;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code model.init_from}: the weights of a saved model (a trained one, or one written by
 * {@code import-keras}) as the starting point of training, after checking that its layers have the
 * shapes of the spec's network. Only the weights are taken; the optimizer starts afresh.
 */
public final class InitialWeights {

    private static final String KEY = "model.init_from";

    private InitialWeights() {
    }

    /**
     * The check that needs no data, run before Spark starts: the directory holds a model and its
     * hidden layers have the spec's widths.
     */
    public static void precheck(ModelSpec model) {
        if (model.initFrom().isEmpty()) {
            return;
        }
        List<long[]> found = shapes(read(model.initFrom().get()).getLayerWiseConfigurations());
        List<Integer> foundHidden = found.subList(0, found.size() - 1).stream().map(s -> (int) s[1]).toList();
        List<Integer> wanted = model.hidden().stream().map(LayerSpec::units).toList();
        if (!foundHidden.equals(wanted)) {
            throw new SpecException(KEY + ": " + model.initFrom().get() + " has hidden layers " + foundHidden
                    + " (" + describe(found) + "), the spec's model.hidden has " + wanted
                    + " (make model.hidden match, or leave out " + KEY + ")");
        }
    }

    /**
     * The flat parameters of {@code model.init_from}, or null when the spec has none.
     *
     * @param expected the network built from the spec for this data (input width and head known)
     */
    public static float[] load(ModelSpec model, MultiLayerConfiguration expected) {
        if (model.initFrom().isEmpty()) {
            return null;
        }
        MultiLayerNetwork net = read(model.initFrom().get());
        List<long[]> found = shapes(net.getLayerWiseConfigurations());
        List<long[]> wanted = shapes(expected);
        if (!describe(found).equals(describe(wanted))) {
            throw new SpecException(KEY + ": " + model.initFrom().get() + " has layers " + describe(found)
                    + ", the spec's network on this data is " + describe(wanted)
                    + " (inputs after preprocessing -> hidden units -> outputs; they must be equal)");
        }
        return net.params().toFloatVector();
    }

    private static MultiLayerNetwork read(String dir) {
        Path zip = Path.of(dir).resolve("model.zip");
        if (!Files.isRegularFile(zip)) {
            throw new SpecException(KEY + ": " + dir + " is not a sparkfit model directory (no model.zip;"
                    + " use a run's model/ or the --out of import-keras)");
        }
        try {
            return ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw new SpecException(KEY + ": " + zip + " cannot be read: " + e.getMessage());
        }
    }

    /** (nIn, nOut) of every layer. */
    private static List<long[]> shapes(MultiLayerConfiguration conf) {
        List<long[]> shapes = new ArrayList<>();
        for (int i = 0; i < conf.getConfs().size(); i++) {
            if (conf.getConf(i).getLayer() instanceof FeedForwardLayer l) {
                shapes.add(new long[] {l.getNIn(), l.getNOut()});
            }
        }
        return shapes;
    }

    /** "2 -> 8 -> 1": the input width, then each layer's units. */
    static String describe(List<long[]> shapes) {
        if (shapes.isEmpty()) {
            return "(no layers)";
        }
        return shapes.get(0)[0] + " -> " + shapes.stream().map(s -> String.valueOf(s[1]))
                .collect(Collectors.joining(" -> "));
    }
}
