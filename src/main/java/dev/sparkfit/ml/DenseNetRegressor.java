package dev.sparkfit.ml;

import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.Task;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.shared.HasSeed;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A dense network regressor as a Spark ML {@code Estimator}: fits a vector column ({@code featuresCol})
 * against a numeric {@code labelCol} with sparkfit's
 * parameter-averaging engine, and returns a {@link DenseNetRegressionModel}. The network and training
 * params are those of a job spec ({@link DenseNetParams}); scaling is a Pipeline stage's job, so no
 * preprocessing runs here.
 */
public final class DenseNetRegressor
        extends Regressor<Vector, DenseNetRegressor, DenseNetRegressionModel>
        implements DenseNetParams<DenseNetRegressor>, DefaultParamsWritable {

    private String uid;
    private LongParam seed;
    private final NetParams net;

    public DenseNetRegressor() {
        this(null, 0);
    }

    /** With a given uid (how Spark's readers and copies construct an instance). */
    public DenseNetRegressor(String uid) {
        this(Uids.stash(uid), 0);
    }

    private DenseNetRegressor(String stashed, int unused) {
        super();
        HasSeed.$init$(this);
        net = new NetParams(this);
        setDefault(seed(), 42L);
        net.setDefaults(this::setDefault);
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uids.take("denseNetRegressor");
        }
        return uid;
    }

    @Override
    public NetParams netParams() {
        return net;
    }

    @Override
    public LongParam seed() {
        return seed;
    }

    @Override
    public void org$apache$spark$ml$param$shared$HasSeed$_setter_$seed_$eq(LongParam p) {
        seed = p;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        FrameInput.checkFeatures(schema, getFeaturesCol(), "featuresCol");
        spec(); // how the params combine (e.g. early stopping without validation rows), before any job
        FrameInput.checkLabel(schema, getLabelCol());
        return super.transformSchema(schema);
    }

    @Override
    public DenseNetRegressionModel train(Dataset<?> dataset) {
        FrameInput.checkLabel(dataset.schema(), getLabelCol());
        JobSpec spec = NetParams.spec(this, net, Task.REGRESSION, getLabelCol()); // before any job
        FrameInput.Fitted f = FrameInput.fit(dataset, spec, getFeaturesCol(), getLabelCol(), Task.REGRESSION, 0);
        return new DenseNetRegressionModel(uid(), f.network()).withSummary(f.summary());
    }

    /** The spec a fit would run, with every param applied (for reading, or for {@code sparkfit train}). */
    public JobSpec spec() {
        return NetParams.spec(this, net, Task.REGRESSION, getLabelCol());
    }

    @Override
    public DenseNetRegressor copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<DenseNetRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static DenseNetRegressor load(String path) {
        return read().load(path);
    }
}
