package dev.sparkfit.ml;

import dev.sparkfit.eval.Scorer;
import dev.sparkfit.model.Head;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
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
 * A fitted {@link DenseNetClassifier}: appends {@code rawPrediction} and {@code probability} (both the
 * network's class probabilities: its output layer is a softmax or a sigmoid, and ranking evaluators need
 * no more) and {@code prediction} (the most probable class index). {@link #transform} is one Spark job
 * over the rows through the shared forward pass; nothing is collected.
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

    @Override
    public int numFeatures() {
        return network.nIn();
    }

    /** The per-epoch history and final metrics of the fit; absent on a loaded model. */
    public TrainingSummary summary() {
        if (summary == null) {
            throw new IllegalStateException("no training summary: this model was loaded, not fitted");
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
        return Vectors.dense(FittedNetwork.probabilities(network.output(features), 0, network.head()));
    }

    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        return rawPrediction; // already probabilities
    }

    @Override
    public StructType transformSchema(StructType schema) {
        int width = FrameInput.checkFeatures(schema, getFeaturesCol(), "featuresCol");
        if (width >= 0 && width != numFeatures()) {
            throw new dev.sparkfit.data.DataException("featuresCol: column '" + getFeaturesCol() + "' holds vectors of "
                    + width + " numbers; the model takes " + numFeatures());
        }
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
        int width = in.fields().length;
        return network.transform(dataset, getFeaturesCol(), DataTypes.createStructType(fields),
                (r, y, o, head) -> row(r, width, FittedNetwork.probabilities(y, o, head), withRaw, withProb, withPred,
                        predicted(y, o, head)));
    }

    private static double predicted(float[] y, int o, Head head) {
        return Scorer.predictedClass(y, o, head);
    }

    private static Row row(Row in, int width, double[] p, boolean raw, boolean prob, boolean pred, double cls) {
        List<Object> v = new ArrayList<>(width + 3);
        for (int i = 0; i < width; i++) {
            v.add(in.get(i));
        }
        Vector pv = Vectors.dense(p);
        if (raw) {
            v.add(pv);
        }
        if (prob) {
            v.add(pv);
        }
        if (pred) {
            v.add(cls);
        }
        return RowFactory.create(v.toArray());
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
        return new ModelIO.Writer(this, network);
    }

    public static MLReader<DenseNetClassificationModel> read() {
        return new ModelIO.Reader<>(DenseNetClassificationModel.class, DenseNetClassificationModel::new);
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
