package dev.sparkfit.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkfit.io.Json;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads {@code model.zip} as DL4J's {@code ModelSerializer} writes it, without ever using Java
 * deserialization (which {@code ModelSerializer.restoreMultiLayerNetwork} does for a
 * {@code preprocessor.bin} entry). Only {@value #CONFIGURATION} (first), {@value #COEFFICIENTS} and
 * {@value #UPDATER} are accepted, each once; every entry is read with a cap on its inflated bytes
 * (counted while reading, never taken from the zip header), the configuration's {@code @class} names
 * must be DL4J's or ND4J's, and the array headers must match the configuration's parameter count
 * before ND4J allocates anything.
 */
public final class ModelZip {

    static final String CONFIGURATION = "configuration.json";
    static final String COEFFICIENTS = "coefficients.bin";
    static final String UPDATER = "updaterState.bin";
    static final List<String> ALLOWED = List.of(CONFIGURATION, COEFFICIENTS, UPDATER);

    /** Far above any real configuration (a 20-layer network's is ~40 KB). */
    static final long MAX_CONFIGURATION_BYTES = 8L << 20;
    /** 2^28 parameters: 1 GiB as floats. */
    static final long MAX_PARAMS = 1L << 28;
    /** Room for the two ND4J buffer headers and the shape buffer in front of the values. */
    private static final long ARRAY_OVERHEAD = 1024;
    /** The most state an ND4J updater keeps per parameter (AMSGrad: 3). */
    private static final long MAX_STATE_PER_PARAM = 4;
    private static final List<String> CLASS_PREFIXES = List.of("org.deeplearning4j.nn.", "org.nd4j.linalg.activations.",
            "org.nd4j.linalg.learning.", "org.nd4j.linalg.lossfunctions.", "org.nd4j.linalg.schedule.");
    private static final ObjectMapper JSON = Json.MAPPER;

    private ModelZip() {
    }

    static MultiLayerNetwork read(Path zip) throws IOException {
        return read(Files.newInputStream(zip), zip);
    }

    /**
     * The same checks on a zip read from a stream (a model on any Hadoop file system); {@code zip} names
     * it in messages. Closes {@code raw}.
     */
    public static MultiLayerNetwork read(InputStream raw, Path zip) throws IOException {
        MultiLayerConfiguration conf = null;
        long nParams = 0;
        INDArray params = null;
        INDArray state = null;
        Set<String> seen = new HashSet<>();
        try (ZipInputStream in = new ZipInputStream(new BufferedInputStream(raw))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String name = e.getName();
                checkName(zip, name);
                if (!seen.add(name)) {
                    throw reject(zip, "entry '" + name + "' appears twice");
                }
                if (!name.equals(CONFIGURATION) && conf == null) {
                    throw reject(zip, "entry '" + name + "' comes before " + CONFIGURATION);
                }
                switch (name) {
                    case CONFIGURATION -> {
                        conf = configuration(zip, readCapped(zip, name, in, MAX_CONFIGURATION_BYTES));
                        nParams = numParams(zip, conf);
                    }
                    case COEFFICIENTS -> params = array(zip, name,
                            readCapped(zip, name, in, ARRAY_OVERHEAD + nParams * Double.BYTES), nParams, nParams);
                    default -> state = array(zip, name, readCapped(zip, name, in,
                            ARRAY_OVERHEAD + MAX_STATE_PER_PARAM * nParams * Double.BYTES), 0, MAX_STATE_PER_PARAM * nParams);
                }
            }
        } catch (ZipException e) {
            throw reject(zip, "not a readable zip file (" + e.getMessage() + ")");
        }
        if (conf == null || params == null) {
            throw reject(zip, (conf == null ? CONFIGURATION : COEFFICIENTS) + " is missing");
        }
        conf.setDataType(params.dataType());
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init(params, false);
        if (state != null) {
            INDArray view = net.getUpdater().getStateViewArray();
            if (view == null || view.length() != state.length()) {
                throw reject(zip, UPDATER + " holds " + state.length() + " values; the optimizer keeps "
                        + (view == null ? 0 : view.length()));
            }
            net.getUpdater().setStateViewArray(net, state, false);
        }
        return net;
    }

    private static void checkName(Path zip, String name) {
        if (name.contains("..") || name.startsWith("/") || name.contains("\\") || name.contains(":")) {
            throw reject(zip, "entry '" + name + "' has an unsafe name");
        }
        if (!ALLOWED.contains(name)) {
            throw reject(zip, "entry '" + name + "' is not allowed (allowed: " + String.join(", ", ALLOWED)
                    + "; sparkfit never reads Java-serialized entries)");
        }
    }

    /** The entry's inflated bytes, refused as soon as they pass {@code cap}. */
    private static byte[] readCapped(Path zip, String name, InputStream in, long cap) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n = in.read(buf); n > 0; n = in.read(buf)) {
            total += n;
            if (total > cap) {
                throw reject(zip, "entry '" + name + "' inflates to more than " + cap
                        + " bytes (the most this model's configuration allows)");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static MultiLayerConfiguration configuration(Path zip, byte[] bytes) {
        String json = new String(bytes, StandardCharsets.UTF_8);
        try {
            checkClasses(zip, JSON.readTree(json));
            return MultiLayerConfiguration.fromJson(json);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ModelRejectedException r) {
                throw r;
            }
            throw reject(zip, CONFIGURATION + " is not a DL4J network configuration (" + firstLine(e) + ")");
        }
    }

    /** Jackson instantiates the classes the JSON names; only DL4J's and ND4J's own are allowed. */
    private static void checkClasses(Path zip, JsonNode node) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("@class")
                    && CLASS_PREFIXES.stream().noneMatch(p -> f.getValue().asText().startsWith(p))) {
                throw reject(zip, CONFIGURATION + " names class '" + f.getValue().asText()
                        + "', which is not a DL4J or ND4J configuration class");
            }
            checkClasses(zip, f.getValue());
        }
        if (node.isArray()) {
            node.forEach(n -> checkClasses(zip, n));
        }
    }

    /** The parameter count the configuration implies, computed without allocating the network. */
    private static long numParams(Path zip, MultiLayerConfiguration conf) {
        long n = 0;
        try {
            for (NeuralNetConfiguration layer : conf.getConfs()) {
                n += layer.getLayer().initializer().numParams(layer);
            }
        } catch (RuntimeException e) {
            throw reject(zip, CONFIGURATION + ": the layers are inconsistent (" + firstLine(e) + ")");
        }
        if (n <= 0 || n > MAX_PARAMS) {
            throw reject(zip, CONFIGURATION + " describes " + n + " parameters (allowed: 1 to " + MAX_PARAMS + ")");
        }
        return n;
    }

    /**
     * Checks the two ND4J buffers (shape, then values) that {@code Nd4j.write} produced: plain types,
     * a small shape, {@code min..max} values and nothing after them; then lets ND4J read them.
     */
    private static INDArray array(Path zip, String name, byte[] bytes, long min, long max) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            long shape = buffer(in, bytes.length);
            long values = buffer(in, bytes.length);
            if (shape > 40 || values < min || values > max || in.available() != 0) {
                throw new IOException("a " + values + "-value array with " + in.available()
                        + " bytes after it; expected " + (min == max ? min : min + " to " + max) + " values");
            }
            INDArray a = Nd4j.read(new DataInputStream(new ByteArrayInputStream(bytes)));
            if (a.length() != values) {
                throw new IOException("read " + a.length() + " values of " + values);
            }
            return a;
        } catch (IOException | RuntimeException e) {
            throw reject(zip, "entry '" + name + "' is not a valid array (" + firstLine(e) + ")");
        }
    }

    /** One ND4J buffer header (allocation mode, length, type) and its payload, skipped; returns the length. */
    private static long buffer(DataInputStream in, long limit) throws IOException {
        DataBuffer.AllocationMode mode = DataBuffer.AllocationMode.valueOf(in.readUTF());
        long length = mode.ordinal() < DataBuffer.AllocationMode.LONG_SHAPE.ordinal() ? in.readInt() : in.readLong();
        DataType type = DataType.valueOf(in.readUTF());
        if (type == DataType.COMPRESSED || type == DataType.UTF8 || type == DataType.UNKNOWN) {
            throw new IOException("buffer type " + type + " is not allowed");
        }
        long bytes = length * type.width();
        if (length < 0 || bytes > limit || bytes > in.available()) {
            throw new IOException("a buffer of " + length + " " + type + " values is longer than the entry");
        }
        in.skipNBytes(bytes);
        return length;
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse(e.getClass().getSimpleName());
    }

    static ModelRejectedException reject(Path zip, String why) {
        return new ModelRejectedException(zip + ": " + why);
    }
}
