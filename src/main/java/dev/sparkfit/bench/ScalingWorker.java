package dev.sparkfit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.SpecLoader;
import dev.sparkfit.config.Task;
import dev.sparkfit.data.Block;
import dev.sparkfit.job.SparkSessions;
import dev.sparkfit.model.Head;
import dev.sparkfit.model.NetworkFactory;
import dev.sparkfit.train.RunControl;
import dev.sparkfit.train.AveragingTrainer;
import dev.sparkfit.train.TrainingContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * One cell of the scaling tables, in its own JVM: synthetic rows of MNIST's width (784 inputs, 10
 * classes) generated on the executors straight into blocks, then the benchmark network trained by
 * sparkfit's engine for a few epochs. Records each epoch's seconds and the driver's heap after it
 * (after a GC, minus the cached blocks, which in local mode live in the driver's JVM too).
 */
public final class ScalingWorker {

    static final String PREFIX = "SCALING_RESULT ";
    private static final int WIDTH = 784;
    private static final int CLASSES = 10;

    /** What one cell measured. */
    public record Cell(long rows, int workers, String master, List<Double> epochSeconds, List<Double> heapMb,
                       double blocksMb) {
    }

    private ScalingWorker() {
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(args[0]);
        int workers = Integer.parseInt(args[1]);
        String master = args[2];
        int epochs = Integer.parseInt(args[3]);
        SparkSession spark = SparkSessions.create("sparkfit bench --scaling", master,
                Map.of("spark.ui.enabled", "false", "spark.driver.host", "127.0.0.1"));
        Cell cell;
        try {
            cell = run(JavaSparkContext.fromSparkContext(spark.sparkContext()), rows, workers, master, epochs);
        } finally {
            spark.stop();
        }
        System.out.println(PREFIX + new ObjectMapper().writeValueAsString(cell));
        System.out.flush();
        System.exit(0); // Spark's and ND4J's non-daemon threads must not keep the process alive
    }

    static Cell run(JavaSparkContext jsc, long rows, int workers, String master, int epochs) {
        BenchOptions o = new BenchOptions("synthetic.csv", "synthetic.csv", epochs, List.of(128, 64), 64, 0.001,
                master, workers, 42, List.of());
        JobSpec spec = SpecLoader.parse(SparkfitSystem.spec(o, "averaging", "epoch"), "scaling.yaml", List.of());
        List<String> classes = IntStream.range(0, CLASSES).mapToObj(Integer::toString).toList();
        Head head = NetworkFactory.resolveHead(spec.model(), Task.CLASSIFICATION, classes);
        var conf = NetworkFactory.build(spec.model(), spec.optimizer(), head, WIDTH, spec.training().seed());
        int perWorker = (int) (rows / workers);
        JavaRDD<Block> blocks = jsc.parallelize(IntStream.range(0, workers).boxed().toList(), workers)
                .map(p -> synthetic(p, perWorker, 42));
        blocks.persist(StorageLevel.MEMORY_ONLY());
        blocks.rdd().localCheckpoint(); // as Blocks.pack does in local mode
        blocks.count();
        double blocksMb = (double) perWorker * workers * (WIDTH + CLASSES) * 4 / (1 << 20);
        List<Double> seconds = new ArrayList<>();
        List<Double> heap = new ArrayList<>();
        RunControl control = RunControl.of(line -> System.err.println(line)).withListener(e -> {
            seconds.add(e.seconds());
            System.gc();
            Runtime rt = Runtime.getRuntime();
            heap.add((rt.totalMemory() - rt.freeMemory()) / (double) (1 << 20) - blocksMb);
        });
        new AveragingTrainer(TrainingContext.of(jsc, spec.training(), head, conf, control)).fit(blocks, null);
        blocks.unpersist(false);
        return new Cell((long) perWorker * workers, workers, master, seconds, heap, blocksMb);
    }

    /** Pixels uniform in [0,1); the label is the argmax of a fixed random projection, so there is something to learn. */
    static Block synthetic(int partition, int rows, long seed) {
        SplittableRandom w = new SplittableRandom(seed);
        float[] proj = new float[WIDTH * CLASSES];
        for (int i = 0; i < proj.length; i++) {
            proj[i] = (float) (w.nextDouble() - 0.5);
        }
        SplittableRandom r = new SplittableRandom(seed ^ (partition + 1L) * 0x9E3779B97F4A7C15L);
        float[] x = new float[rows * WIDTH];
        float[] y = new float[rows * CLASSES];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < WIDTH; j++) {
                x[i * WIDTH + j] = (float) r.nextDouble();
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < CLASSES; c++) {
                double s = 0;
                for (int j = 0; j < WIDTH; j += 8) {
                    s += x[i * WIDTH + j] * proj[j * CLASSES + c];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            y[i * CLASSES + best] = 1f;
        }
        return new Block(partition, rows, WIDTH, CLASSES, x, y);
    }
}
