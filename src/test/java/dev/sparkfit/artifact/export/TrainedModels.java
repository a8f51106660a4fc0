package dev.sparkfit.artifact.export;

import dev.sparkfit.artifact.ModelStore;
import dev.sparkfit.testutil.Cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Small models trained once per test JVM through the real command line (a few epochs each: the exports
 * are held to what the model predicts, not to a score), shared by the export tests.
 */
final class TrainedModels {

    /** titanic.yaml: softmax over 2 classes, standardized, ages mean-filled, two categorical columns. */
    static final String TITANIC = "titanic";
    /** hourly-wages.yaml: regression, standardized, seven categorical columns. */
    static final String WAGES = "wages";
    /** titanic with one sigmoid unit, rescale 0.5, zero fill, no standardization, tanh. */
    static final String SIGMOID = "sigmoid";
    /** iris, three classes, with leakyrelu and elu layers. */
    static final String IRIS_LEAKY = "iris-leaky";

    /** iris as a libsvm file: one vector input column. */
    static final String LIBSVM = "libsvm";

    private static final Map<String, Path> MODELS = new HashMap<>();
    private static Path dir;

    private TrainedModels() {
    }

    static synchronized Path get(String name) {
        return MODELS.computeIfAbsent(name, TrainedModels::train);
    }

    static String data(String name) {
        return switch (name) {
            case WAGES -> "data-samples/hourly_wages.csv";
            case IRIS_LEAKY -> "data-samples/iris.csv";
            case LIBSVM -> root().resolve("iris.libsvm").toString();
            default -> "data-samples/titanic.csv";
        };
    }

    private static Path train(String name) {
        List<String> args = new ArrayList<>(List.of("train", "--out", root().resolve(name).toString(),
                "--set", "training.epochs=2", "--spec"));
        switch (name) {
            case TITANIC -> args.add("conf/titanic.yaml");
            case WAGES -> args.add("conf/hourly-wages.yaml");
            case SIGMOID -> args.addAll(List.of("conf/titanic.yaml", "--set", "model.loss=binary_crossentropy",
                    "--set", "preprocess.rescale=0.5", "--set", "data.missing=zero", "--set", "preprocess.standardize=false",
                    "--set", "model.hidden=[{units: 8, activation: tanh}]"));
            case IRIS_LEAKY -> args.addAll(List.of("conf/iris.yaml", "--set",
                    "model.hidden=[{units: 8, activation: leakyrelu}, {units: 8, activation: elu}]"));
            case LIBSVM -> args.addAll(List.of("conf/iris.yaml", "--set", "data.path=" + libsvm(), "--set", "data.label=label"));
            default -> throw new IllegalArgumentException(name);
        }
        Cli r = Cli.run(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), name + ": " + r.err());
        return root().resolve(name).resolve("model");
    }

    /** data-samples/iris.csv as libsvm lines ("species 1:x1 2:x2 3:x3 4:x4"). */
    private static Path libsvm() {
        try {
            List<String> lines = Files.readAllLines(Path.of("data-samples/iris.csv"));
            StringBuilder svm = new StringBuilder();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                svm.append(f[4]).append(" 1:").append(f[0]).append(" 2:").append(f[1]).append(" 3:").append(f[2])
                        .append(" 4:").append(f[3]).append('\n');
            }
            return Files.writeString(root().resolve("iris.libsvm"), svm);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path root() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("sparkfit-export-models-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path d = dir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    ModelStore.deleteRecursively(d);
                } catch (IOException ignored) {
                    // a temporary folder left behind
                }
            }));
        }
        return dir;
    }
}
