package dev.sparkfit.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link DenseNetRegressor}: appends {@code prediction}, the network's output, in one Spark job
 * through the shared forward pass; nothing is collected.
 */
public final class DenseNetRegressionModel extends RegressionModel<Vector, DenseNetRegressionModel>
        implements MLWritable {

    private String uid;
    private final FittedNetwork network;
    private TrainingSummary summary;

    DenseNetRegressionModel(String uid, FittedNetwork network) {
        this(Uids.stash(uid), network, 0);
    }

    private DenseNetRegressionModel(String stashed, FittedNetwork network, int unused) {
        super(); // reads uid(), which takes the stashed one
        this.network = network;
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uids.take("denseNetRegressionModel");
        }
        return uid;
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

    DenseNetRegressionModel withSummary(TrainingSummary s) {
        this.summary = s;
        return this;
    }

    @Override
    public double predict(Vector features) {
        return network.output(features).y()[0];
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
        if (getPredictionCol().isEmpty()) {
            return dataset.toDF();
        }
        int width = in.fields().length;
        StructType out = in.add(DataTypes.createStructField(getPredictionCol(), DataTypes.DoubleType, false));
        return network.transform(dataset, getFeaturesCol(), out, false, (r, y, z, o, head) -> {
            Object[] v = new Object[width + 1];
            for (int i = 0; i < width; i++) {
                v[i] = r.get(i);
            }
            v[width] = (double) y[o];
            return RowFactory.create(v);
        });
    }

    @Override
    public DenseNetRegressionModel copy(ParamMap extra) {
        DenseNetRegressionModel m = new DenseNetRegressionModel(uid(), network).withSummary(summary);
        return copyValues(m, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new ModelIO.Writer(this, network, summary);
    }

    public static MLReader<DenseNetRegressionModel> read() {
        return new ModelIO.Reader<>(DenseNetRegressionModel.class, DenseNetRegressionModel::new,
                DenseNetRegressionModel::withSummary);
    }

    public static DenseNetRegressionModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "DenseNetRegressionModel: uid=" + uid() + ", numFeatures=" + numFeatures();
    }
}
