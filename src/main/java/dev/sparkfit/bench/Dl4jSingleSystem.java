package dev.sparkfit.bench;

import dev.sparkfit.config.LayerSpec;
import dev.sparkfit.config.LossName;
import dev.sparkfit.config.ModelSpec;
import dev.sparkfit.config.OptimizerName;
import dev.sparkfit.config.OptimizerSpec;
import dev.sparkfit.config.Task;
import dev.sparkfit.config.WeightInitName;
import dev.sparkfit.eval.Scorer;
import dev.sparkfit.model.Head;
import dev.sparkfit.model.NetworkFactory;
import dev.sparkfit.train.Seeds;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * DL4J's {@code MultiLayerNetwork.fit} in one JVM on the same network, data and batch size, no Spark:
 * what a user gets without a cluster. Its BLAS threads are whatever the process environment says.
 */
final class Dl4jSingleSystem {

    private Dl4jSingleSystem() {
    }

    static BenchResult run(BenchOptions o, String system) throws Exception {
        long t0 = System.nanoTime();
        MnistCsv train = MnistCsv.read(o.train());
        int classes = train.classes();
        List<String> names = IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        ModelSpec model = new ModelSpec(o.hidden().stream().map(h -> new LayerSpec(h, dev.sparkfit.config.Activation.RELU))
                .toList(), Optional.empty(), LossName.AUTO, WeightInitName.AUTO, 0.0, 0.0);
        Head head = NetworkFactory.resolveHead(model, Task.CLASSIFICATION, names);
        OptimizerSpec adam = new OptimizerSpec(OptimizerName.ADAM, o.learningRate(), 0, 0.9, 0.999, 1e-7, 0.9);
        MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.build(model, adam, head, train.width(), o.seed()));
        net.init();
        List<Double> epochs = new ArrayList<>();
        for (int e = 0; e < o.epochs(); e++) {
            int[] order = Seeds.permutation(train.rows(), Seeds.derive(o.seed(), "bench", e));
            long t = System.nanoTime();
            for (int start = 0; start < train.rows(); start += o.batchSize()) {
                int n = Math.min(o.batchSize(), train.rows() - start);
                net.fit(batch(train, order, start, n, classes));
            }
            epochs.add((System.nanoTime() - t) / 1e9);
            System.err.println(system + ": epoch " + (e + 1) + " " + epochs.get(e) + " s");
        }
        // Saved as DL4J saves a model (with its updater state), as sparkfit's run saves one.
        java.io.File saved = java.io.File.createTempFile("dl4j-bench-", ".zip");
        net.save(saved, true);
        double toModel = BenchResult.sinceProcessStart();
        // The test set is read here, as sparkfit's evaluate reads it after training.
        MnistCsv test = MnistCsv.read(o.test());
        double accuracy = accuracy(net, test, head);
        double toTest = BenchResult.sinceProcessStart();
        java.nio.file.Files.deleteIfExists(saved.toPath());
        String threads = System.getenv("OMP_NUM_THREADS");
        return new BenchResult(system, "one JVM, no Spark, OMP_NUM_THREADS=" + (threads == null ? "default" : threads),
                epochs, accuracy, (System.nanoTime() - t0) / 1e9, Double.NaN, toModel, toTest);
    }

    private static DataSet batch(MnistCsv d, int[] order, int start, int n, int classes) {
        float[] x = new float[n * d.width()];
        float[] y = new float[n * classes];
        for (int i = 0; i < n; i++) {
            int r = order[start + i];
            System.arraycopy(d.x(), r * d.width(), x, i * d.width(), d.width());
            y[i * classes + d.labels()[r]] = 1f;
        }
        return new DataSet(Nd4j.create(x, new long[] {n, d.width()}, 'c'), Nd4j.create(y, new long[] {n, classes}, 'c'));
    }

    static double accuracy(MultiLayerNetwork net, MnistCsv test, Head head) {
        long correct = 0;
        for (int start = 0; start < test.rows(); start += Scorer.CHUNK) {
            int n = Math.min(Scorer.CHUNK, test.rows() - start);
            float[] x = java.util.Arrays.copyOfRange(test.x(), start * test.width(), (start + n) * test.width());
            float[] out = Scorer.output(net, x, n, test.width());
            for (int i = 0; i < n; i++) {
                correct += Scorer.predictedClass(out, i * head.nOut(), head) == test.labels()[start + i] ? 1 : 0;
            }
        }
        return correct / (double) test.rows();
    }

    /** GFLOP/s of ND4J float GEMM at the first layer's shape (batch x inputs times inputs x units). */
    static BenchResult gemm(BenchOptions o) {
        int m = o.batchSize();
        int k = 784;
        int n = o.hidden().get(0);
        INDArray a = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, m, k);
        INDArray b = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, k, n);
        for (int i = 0; i < 200; i++) {
            a.mmul(b).close();
        }
        int reps = 2000;
        long t = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            a.mmul(b).close();
        }
        double s = (System.nanoTime() - t) / 1e9;
        double gflops = 2.0 * m * k * n * reps / s / 1e9;
        String threads = System.getenv("OMP_NUM_THREADS");
        return new BenchResult("gemm", m + "x" + k + " times " + k + "x" + n + " float, OMP_NUM_THREADS="
                + (threads == null ? "default" : threads), List.of(), Double.NaN, s, gflops);
    }
}
