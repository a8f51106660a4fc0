package dev.sparkfit.ml;

import dev.sparkfit.eval.ForwardPass;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * A fitted {@link DenseNetClassifier}: appends {@code rawPrediction} (the output layer's pre-activation
 * values: centred logits, or {@code [-z, z]} for one sigmoid unit), {@code probability} (the network's
 * outputs) and {@code prediction} (the most probable class index, or with {@code thresholds} Spark's
 * rule), as {@link ClassScores} defines them. {@link #transform} is one Spark job over the rows through
 * the shared forward pass, which gives the raw values and the probabilities together; nothing is collected.
 */
public final class DenseNetClassificationModel
        extends ProbabilisticClassificationModel<Vector, DenseNetClassificationModel> implements MLWritable {

    private String uid;
    private final FittedNetwork network;
    private TrainingSummary summary;

    DenseNetClassificationModel(String uid, FittedNetwork network) {
        this(Uids.stash(uid), network, 0);
    }

    private DenseNetClassificationModel(String stashed, FittedNetwork network, int unused) {
        super(); // reads uid(), which takes the stashed one
        this.network = network;
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uids.take("denseNetClassificationModel");
        }
        return uid;
    }

    @Override
    public int numClasses() {
        return network.head().classes().size();
    }

    /** The network's output end: task, classes, output activation and loss. */
    dev.sparkfit.model.Head head() {
        return network.head();
    }

    @Override
    public int numFeatures() {
        return network.nIn();
    }

    /**
     * The per-epoch history and final metrics of the fit, saved and loaded with the model; absent
     * ({@link #hasSummary} false) on a model saved before summaries were.
     */
    public TrainingSummary summary() {
        if (summary == null) {
            throw new IllegalStateException(TrainingSummary.NONE + getClass().getSimpleName());
        }
        return summary;
    }

    public boolean hasSummary() {
        return summary != null;
    }

    DenseNetClassificationModel withSummary(TrainingSummary s) {
        this.summary = s;
        return this;
    }

    @Override
    public Vector predictRaw(Vector features) {
        return Vectors.dense(ClassScores.raw(network.output(features).z(), 0, network.head()));
    }

    /** The network's outputs, as {@link #transform} gives them (not recomputed from the raw values). */
    @Override
    public Vector predictProbability(Vector features) {
        return Vectors.dense(ClassScores.probabilities(network.output(features).y(), 0, network.head()));
    }

    @Override
    public double predict(Vector features) {
        ForwardPass.Outputs out = network.output(features);
        double[] p = ClassScores.probabilities(out.y(), 0, network.head());
        return ClassScores.predicted(p, thresholdsChecked(), out.y(), 0, network.head());
    }

    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        double[] p = ClassScores.probabilitiesOfRaw(rawPrediction.toArray(), network.head());
        if (rawPrediction instanceof DenseVector d) {
            System.arraycopy(p, 0, d.values(), 0, p.length);
            return d;
        }
        return Vectors.dense(p);
    }

    /** The thresholds, or null when unset; Spark's message when their count is not the number of classes. */
    private double[] thresholdsChecked() {
        if (!isDefined(thresholds())) {
            return null;
        }
        double[] t = getThresholds();
        if (t.length != numClasses()) {
            throw new IllegalArgumentException("requirement failed: " + getClass().getSimpleName()
                    + ".transform() called with non-matching numClasses and thresholds.length. numClasses="
                    + numClasses() + ", but thresholds has length " + t.length);
        }
        return t;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        int width = FrameInput.checkFeatures(schema, getFeaturesCol(), "featuresCol");
        if (width >= 0 && width != numFeatures()) {
            throw new dev.sparkfit.data.DataException("featuresCol: column '" + getFeaturesCol() + "' holds vectors of "
                    + width + " numbers; the model takes " + numFeatures());
        }
        thresholdsChecked();
        return super.transformSchema(schema);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType in = dataset.schema();
        transformSchema(in);
        String raw = getRawPredictionCol();
        String prob = getProbabilityCol();
        String pred = getPredictionCol();
        List<StructField> fields = new ArrayList<>(List.of(in.fields()));
        for (String c : new String[] {raw, prob}) {
            if (!c.isEmpty()) {
                fields.add(DataTypes.createStructField(c, SQLDataTypes.VectorType(), false));
            }
        }
        if (!pred.isEmpty()) {
            fields.add(DataTypes.createStructField(pred, DataTypes.DoubleType, false));
        }
        boolean withRaw = !raw.isEmpty();
        boolean withProb = !prob.isEmpty();
        boolean withPred = !pred.isEmpty();
        double[] t = thresholdsChecked();
        int width = in.fields().length;
        return network.transform(dataset, getFeaturesCol(), DataTypes.createStructType(fields), withRaw,
                (r, y, z, o, head) -> {
                    double[] p = ClassScores.probabilities(y, o, head);
                    List<Object> v = new ArrayList<>(width + 3);
                    for (int i = 0; i < width; i++) {
                        v.add(r.get(i));
                    }
                    if (withRaw) {
                        v.add(Vectors.dense(ClassScores.raw(z, o, head)));
                    }
                    if (withProb) {
                        v.add(Vectors.dense(p));
                    }
                    if (withPred) {
                        v.add(ClassScores.predicted(p, t, y, o, head));
                    }
                    return RowFactory.create(v.toArray());
                });
    }

    /**
     * Spark's summaries look the output columns up here. Declared raw: javac sees the two Scala
     * declarations of it (ClassificationModel's and ProbabilisticClassificationModel's) as a clash.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return new scala.Tuple3(this, getProbabilityCol(), getPredictionCol());
    }

    @Override
    public DenseNetClassificationModel copy(ParamMap extra) {
        DenseNetClassificationModel m = new DenseNetClassificationModel(uid(), network).withSummary(summary);
        return copyValues(m, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new ModelIO.Writer(this, network, summary);
    }

    public static MLReader<DenseNetClassificationModel> read() {
        return new ModelIO.Reader<>(DenseNetClassificationModel.class, DenseNetClassificationModel::new,
                DenseNetClassificationModel::withSummary);
    }

    public static DenseNetClassificationModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "DenseNetClassificationModel: uid=" + uid() + ", numClasses=" + numClasses() + ", numFeatures="
                + numFeatures();
    }
}
