package dev.sparkfit.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkfit.artifact.ModelRejectedException;
import dev.sparkfit.artifact.ModelZip;
import dev.sparkfit.config.Activation;
import dev.sparkfit.config.LossName;
import dev.sparkfit.config.Task;
import dev.sparkfit.eval.ForwardPass;
import dev.sparkfit.model.Head;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A trained network as the fitted models hold it: its DL4J configuration, parameters and head. It
 * scores a DataFrame as a Spark job through {@link ForwardPass} (the pass {@code sparkfit predict}
 * uses), and saves to and loads from any Hadoop file system: {@code model.zip} (read back through
 * {@link ModelZip}'s checks, never Java deserialization), {@code head.json}, the training summary
 * {@code summary.json} when there is one, and {@code manifest.json} with their SHA-256 sums, written
 * last and verified first.
 */
record FittedNetwork(String confJson, float[] params, Head head, int nIn) implements java.io.Serializable {

    static final String DIR = "network";
    private static final String ZIP = "model.zip";
    private static final String HEAD = "head.json";
    private static final String SUMMARY = "summary.json";
    private static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Makes an output row from an input row, the network's outputs for it and, when asked for, its
     * output layer's pre-activation values ({@code z}, else null).
     */
    interface Columns extends java.io.Serializable {
        Row row(Row in, float[] y, float[] z, int offset, Head head);
    }

    /**
     * {@code df} with the columns {@code out} appends: a lazy plan, run when the result is. With
     * {@code raw}, the forward pass also gives the pre-activation values.
     */
    Dataset<Row> transform(Dataset<?> df, String features, StructType schema, boolean raw, Columns out) {
        Dataset<Row> rows = df.toDF();
        int vector = java.util.Arrays.asList(rows.columns()).indexOf(features);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
        // A broadcast, not the closure: each executor fetches the parameters once, not once per task.
        Broadcast<float[]> p = jsc.broadcast(params);
        String conf = confJson;
        Head h = head;
        int n = nIn;
        return rows.mapPartitions((org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>) it -> raw
                ? ForwardPass.rowsWithRaw(it, vector, n, h.nOut(), conf, p.value(),
                        (r, y, z, o) -> out.row(r, y, z, o, h))
                : ForwardPass.rows(it, vector, n, h.nOut(), conf, p.value(),
                        (r, y, o) -> out.row(r, y, null, o, h), null),
                Encoders.row(schema));
    }

    /** The outputs and pre-activation values for one vector. */
    ForwardPass.Outputs output(org.apache.spark.ml.linalg.Vector v) {
        return ForwardPass.one(v, nIn, confJson, params);
    }

    /** A loaded network and the training summary saved with it (null when the save had none). */
    record Saved(FittedNetwork network, TrainingSummary summary) {
    }

    /** Saves the network and, unless null, {@code summary}; the manifest lists each file's SHA-256. */
    void save(String path, Configuration hadoop, TrainingSummary summary) throws IOException {
        Path dir = new Path(path, DIR);
        FileSystem fs = dir.getFileSystem(hadoop);
        MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(confJson));
        net.init(Nd4j.createFromArray(params).reshape(1, params.length), true);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, zip, false);
        ObjectNode h = JSON.createObjectNode();
        h.put("format", 1).put("task", head.task().key()).put("n_in", nIn).put("n_out", head.nOut())
                .put("output_activation", head.activation().key()).put("loss", head.loss().key());
        head.classes().forEach(h.putArray("classes")::add);
        byte[] headBytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(h);
        write(fs, new Path(dir, ZIP), zip.toByteArray());
        write(fs, new Path(dir, HEAD), headBytes);
        ObjectNode m = JSON.createObjectNode();
        m.putObject(ZIP).put("sha256", sha256(zip.toByteArray()));
        m.putObject(HEAD).put("sha256", sha256(headBytes));
        if (summary != null) {
            byte[] summaryBytes = summary.toJson();
            write(fs, new Path(dir, SUMMARY), summaryBytes);
            m.putObject(SUMMARY).put("sha256", sha256(summaryBytes));
        }
        write(fs, new Path(dir, MANIFEST), JSON.writeValueAsBytes(m)); // last: without it the save never finished
    }

    /**
     * Loads what {@link #save} wrote, every file checked against the manifest before it is parsed; a
     * summary is read only when the manifest lists one (saves before summaries have none).
     */
    static Saved load(String path, Configuration hadoop) throws IOException {
        Path dir = new Path(path, DIR);
        FileSystem fs = dir.getFileSystem(hadoop);
        if (!fs.exists(new Path(dir, MANIFEST))) {
            throw new ModelRejectedException(dir + ": " + MANIFEST + " is missing (the save never finished)");
        }
        JsonNode manifest = JSON.readTree(read(fs, new Path(dir, MANIFEST), 1 << 16));
        byte[] zip = verified(fs, dir, ZIP, manifest, Long.MAX_VALUE);
        byte[] headBytes = verified(fs, dir, HEAD, manifest, 1 << 20);
        Head head;
        int nIn;
        try {
            JsonNode h = JSON.readTree(headBytes);
            List<String> classes = new ArrayList<>();
            h.path("classes").forEach(c -> classes.add(c.asText()));
            head = new Head(Task.valueOf(h.get("task").asText().toUpperCase(java.util.Locale.ROOT)),
                    h.get("n_out").asInt(), Activation.parse("output_activation", h.get("output_activation").asText()),
                    LossName.parse("loss", h.get("loss").asText()), classes);
            nIn = h.get("n_in").asInt();
        } catch (RuntimeException e) {
            throw new ModelRejectedException(new Path(dir, HEAD) + ": not a readable head (" + e.getMessage() + ")");
        }
        MultiLayerNetwork net = ModelZip.read(new ByteArrayInputStream(zip), java.nio.file.Path.of(dir + "/" + ZIP));
        if (net.layerInputSize(0) != nIn || net.layerSize(net.getnLayers() - 1) != head.nOut()) {
            throw new ModelRejectedException(dir + ": the network (" + net.layerInputSize(0) + " inputs, "
                    + net.layerSize(net.getnLayers() - 1) + " outputs) does not match " + HEAD);
        }
        TrainingSummary summary = manifest.has(SUMMARY)
                ? TrainingSummary.fromJson(verified(fs, dir, SUMMARY, manifest, 1 << 26),
                        new Path(dir, SUMMARY).toString())
                : null;
        return new Saved(new FittedNetwork(net.getLayerWiseConfigurations().toJson(), net.params().toFloatVector(),
                head, nIn), summary);
    }

    private static byte[] verified(FileSystem fs, Path dir, String name, JsonNode manifest, long cap) throws IOException {
        String want = manifest.path(name).path("sha256").asText("");
        Path f = new Path(dir, name);
        if (!fs.exists(f)) {
            throw new ModelRejectedException(f + " is missing");
        }
        byte[] bytes = read(fs, f, cap);
        if (!sha256(bytes).equals(want)) {
            throw new ModelRejectedException(f + ": its SHA-256 does not match " + MANIFEST + " (changed or damaged)");
        }
        return bytes;
    }

    private static void write(FileSystem fs, Path f, byte[] bytes) throws IOException {
        try (FSDataOutputStream out = fs.create(f, false)) {
            out.write(bytes);
            out.hsync();
        }
    }

    private static byte[] read(FileSystem fs, Path f, long cap) throws IOException {
        long len = fs.getFileStatus(f).getLen();
        if (len > Math.min(cap, Integer.MAX_VALUE - 16)) {
            throw new ModelRejectedException(f + ": " + len + " bytes is more than a model file may hold");
        }
        byte[] b = new byte[(int) len];
        try (FSDataInputStream in = fs.open(f)) {
            in.readFully(0, b);
        } catch (org.apache.hadoop.fs.ChecksumException e) {
            throw new ModelRejectedException(f + ": damaged (the file system's checksum does not match)");
        }
        return b;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
