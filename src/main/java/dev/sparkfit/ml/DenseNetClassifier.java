package dev.sparkfit.ml;

import dev.sparkfit.config.JobSpec;
import dev.sparkfit.config.Task;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.shared.HasSeed;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MetadataUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A dense network classifier as a Spark ML {@code Estimator}: fits a vector column ({@code featuresCol})
 * against class indices 0, 1, ... ({@code labelCol}, as StringIndexer writes them) with sparkfit's
 * parameter-averaging engine, and returns a {@link DenseNetClassificationModel}. The network and training
 * params are those of a job spec ({@link DenseNetParams}); scaling is a Pipeline stage's job, so no
 * preprocessing runs here.
 */
public final class DenseNetClassifier
        extends ProbabilisticClassifier<Vector, DenseNetClassifier, DenseNetClassificationModel>
        implements DenseNetParams<DenseNetClassifier>, DefaultParamsWritable {

    private String uid;
    private LongParam seed;
    private final NetParams net;

    public DenseNetClassifier() {
        this(null, 0);
    }

    /** With a given uid (how Spark's readers and copies construct an instance). */
    public DenseNetClassifier(String uid) {
        this(Uids.stash(uid), 0);
    }

    private DenseNetClassifier(String stashed, int unused) {
        super();
        HasSeed.$init$(this);
        net = new NetParams(this);
        setDefault(seed(), 42L);
        net.setDefaults(this::setDefault);
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uids.take("denseNetClassifier");
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
    public DenseNetClassificationModel train(Dataset<?> dataset) {
        FrameInput.checkLabel(dataset.schema(), getLabelCol());
        int meta = (Integer) MetadataUtils.getNumClasses(dataset.schema().apply(getLabelCol())).getOrElse(() -> 0);
        JobSpec spec = NetParams.spec(this, net, Task.CLASSIFICATION, getLabelCol()); // before any job
        FrameInput.Fitted f = FrameInput.fit(dataset, spec, getFeaturesCol(), getLabelCol(), Task.CLASSIFICATION, meta);
        return new DenseNetClassificationModel(uid(), f.network()).withSummary(f.summary());
    }

    /** The spec a fit would run, with every param applied (for reading, or for {@code sparkfit train}). */
    public JobSpec spec() {
        return NetParams.spec(this, net, Task.CLASSIFICATION, getLabelCol());
    }

    @Override
    public DenseNetClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<DenseNetClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static DenseNetClassifier load(String path) {
        return read().load(path);
    }
}
