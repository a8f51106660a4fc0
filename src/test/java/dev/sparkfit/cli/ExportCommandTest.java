package dev.sparkfit.cli;

import dev.sparkfit.artifact.Metadata;
import dev.sparkfit.artifact.ModelStore;
import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.data.FixedPreprocessing;
import dev.sparkfit.testutil.Cli;
import dev.sparkfit.testutil.TestSpark;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sparkfit export}'s refusals and its publishing: a network the format cannot hold is refused in
 * one line with exit 2 and nothing written; an existing {@code --out} needs {@code --overwrite} and is
 * replaced only by a complete file; no temporary file is ever left beside it. The models are built
 * directly (2 numeric inputs, one regression output) and saved as {@code train} saves them.
 */
public class ExportCommandTest {

    @TempDir
    Path dir;

    private Path model(String name, Layer... layers) throws IOException {
        return model(dir, name, layers);
    }

    /** A model directory {@code dir/name} whose network is {@code layers} (2 inputs) then a 1-unit identity output. */
    public static Path model(Path dir, String name, Layer... layers) throws IOException {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(7).list();
        for (Layer l : layers) {
            list.layer(l);
        }
        long width = ((FeedForwardLayer) layers[layers.length - 1]).getNOut();
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(width).nOut(1).activation(Activation.IDENTITY)
                .build());
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        List<String> features = List.of("f0", "f1");
        var prep = FixedPreprocessing.of(TestSpark.get(), features, null, 0, MissingPolicy.FAIL, 1.0);
        Metadata meta = new Metadata(Metadata.FORMAT_VERSION, "test", "3.5.3", "1.0.0-M2", "17", "2026-01-01T00:00:00Z",
                null, 0, "regression", "y", List.of(), features, List.of(), null, "fail", features, 2, 1,
                "identity", "mse", 0, 0);
        Path out = dir.resolve(name);
        ModelStore.save(out, net, prep, meta);
        return out;
    }

    private static DenseLayer dense(Activation a) {
        return new DenseLayer.Builder().nIn(2).nOut(3).activation(a).build();
    }

    private static List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aLayerOrActivationTheFormatLacksIsRefusedInOneLineWithNothingWritten() throws IOException {
        Path batchNorm = model("batchnorm", dense(Activation.RELU), new BatchNormalization.Builder().nIn(3).nOut(3).build());
        Path softplus = model("softplus", dense(Activation.SOFTPLUS));
        Path leaky = model("leaky", dense(Activation.LEAKYRELU));
        Object[][] cases = {
            {batchNorm, "onnx", "--format onnx: layer 1 is a BatchNormalization; sparkfit exports networks of dense layers"
                    + " only (DenseLayer, OutputLayer)"},
            {softplus, "keras-h5", "--format keras-h5: layer 0 has activation 'softplus'; sparkfit exports"
                    + " relu, leakyrelu, elu, tanh, sigmoid, softmax, identity"},
            {leaky, "keras-h5", "--format keras-h5: layer 0 (3 units) has activation 'leakyrelu', which a Keras 2 Dense"
                    + " layer lacks (keras-h5 writes relu, elu, tanh, sigmoid, softmax, identity); export with --format onnx,"
                    + " or retrain with one of those"},
        };
        Path outDir = Files.createDirectories(dir.resolve("exports"));
        for (Object[] c : cases) {
            Path out = outDir.resolve("model." + c[1]);
            Cli r = Cli.run("export", "--model", c[0].toString(), "--format", (String) c[1], "--out", out.toString());
            assertEquals(2, r.exitCode(), r.err());
            assertEquals("sparkfit: " + c[2], r.err().strip());
            assertEquals(List.of(), filesIn(outDir), "nothing written");
        }
        Cli onnx = Cli.run("export", "--model", leaky.toString(), "--format", "onnx", "--out", outDir.resolve("leaky.onnx").toString());
        assertEquals(0, onnx.exitCode(), "ONNX has LeakyRelu: " + onnx.err());
    }

    @Test
    void anExistingOutNeedsOverwriteAndIsReplacedOnlyByACompleteFile() throws IOException {
        Path good = model("good", dense(Activation.TANH));
        Path leaky = model("leaky", dense(Activation.LEAKYRELU));
        Path outDir = Files.createDirectories(dir.resolve("exports"));
        Path out = outDir.resolve("model.h5");
        Files.writeString(out, "the previous export");

        Cli refused = Cli.run("export", "--model", good.toString(), "--format", "keras-h5", "--out", out.toString());
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().startsWith("sparkfit: --out: " + out + " already exists (choose another file or add"
                + " --overwrite)"), refused.err());

        Cli cannot = Cli.run("export", "--model", leaky.toString(), "--format", "keras-h5", "--out", out.toString(),
                "--overwrite");
        assertEquals(2, cannot.exitCode(), cannot.err());
        assertEquals("the previous export", Files.readString(out), "a refused export leaves the file as it was");

        Cli replaced = Cli.run("export", "--model", good.toString(), "--format", "keras-h5", "--out", out.toString(),
                "--overwrite");
        assertEquals(0, replaced.exitCode(), replaced.err());
        assertTrue(replaced.lastLine().contains("\"bytes\":" + Files.size(out)), replaced.lastLine());
        assertEquals(List.of(out), filesIn(outDir), "no temporary file left");
        Cli back = Cli.run("import-keras", "--h5", out.toString(), "--out", dir.resolve("back").toString());
        assertEquals(0, back.exitCode(), back.err());
        assertTrue(back.out().contains("2 -> 3 tanh -> 1 identity, loss mse"), back.out());
    }

    @Test
    void anUnknownFormatOrADirectoryAsOutIsACommandLineError() throws IOException {
        Path good = model("good", dense(Activation.RELU));
        Cli format = Cli.run("export", "--model", good.toString(), "--format", "pmml", "--out", dir.resolve("m").toString());
        assertEquals(2, format.exitCode(), format.err());
        assertTrue(format.err().startsWith("sparkfit: --format: 'pmml' is not one of onnx, keras-h5"), format.err());
        Cli folder = Cli.run("export", "--model", good.toString(), "--format", "onnx", "--out", dir.toString(), "--overwrite");
        assertEquals(2, folder.exitCode(), folder.err());
        assertTrue(folder.err().startsWith("sparkfit: --out: " + dir + " already exists as a directory"), folder.err());
        assertFalse(Files.exists(dir.resolve("m")));
    }
}
