package dev.sparkfit.artifact;

import dev.sparkfit.io.Manifest;
import dev.sparkfit.testutil.Cli;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model directories from elsewhere: a real saved model loads exactly as DL4J's own reader loads it; a
 * changed byte fails the manifest; a Java-serialized entry, a {@code ../} entry, a zip bomb, a foreign
 * class in the configuration, unknown metadata and a foreign pipeline stage are refused before anything
 * is deserialized or written. Tampered copies get a fresh manifest so that the entry checks, not the
 * checksums, are what refuses them.
 */
class UntrustedModelTest {

    @TempDir
    static Path shared;
    static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainSmallModel() {
        Path run = shared.resolve("run");
        Cli r = Cli.run("train", "--spec", "conf/iris.yaml", "--set", "training.epochs=1", "--out", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        model = run.resolve("model");
    }

    @BeforeEach
    void resetCanary() {
        Canary.deserialized = false;
    }

    @Test
    void aSavedModelLoadsAsDl4jsOwnReaderLoadsIt() throws IOException {
        MultiLayerNetwork ours = ModelStore.load(model).network();
        MultiLayerNetwork theirs = ModelSerializer.restoreMultiLayerNetwork(model.resolve("model.zip").toFile(), true);
        assertEquals(theirs.params(), ours.params());
        assertEquals(theirs.getUpdater().getStateViewArray(), ours.getUpdater().getStateViewArray());
        assertEquals(theirs.getLayerWiseConfigurations(), ours.getLayerWiseConfigurations());
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 5, ours.layerInputSize(0));
        assertArrayEquals(theirs.output(x).reshape(-1).toFloatVector(), ours.output(x).reshape(-1).toFloatVector(), 0f);
    }

    @Test
    void aFlippedByteInModelZipFailsTheManifest() throws IOException {
        Path copy = copy();
        byte[] zip = Files.readAllBytes(copy.resolve("model.zip"));
        zip[zip.length / 2] ^= 0x01;
        Files.write(copy.resolve("model.zip"), zip);
        assertRejected(copy, "model.zip does not match its checksum in manifest.json");
        Cli r = Cli.run("evaluate", "--model", copy.toString(), "--input", "data-samples/iris.csv");
        assertEquals(3, r.exitCode(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("does not match its checksum"), r.err());
    }

    @Test
    void aModelWithoutManifestIsRefused() throws IOException {
        Path copy = copy();
        Files.delete(copy.resolve(Manifest.FILE));
        assertRejected(copy, "manifest.json is missing");
    }

    @Test
    void aJavaSerializedEntryIsRefusedUnread() throws IOException {
        byte[] canary = serialized(new Canary());
        // DL4J's own reader deserializes this entry: the canary is real.
        Path plain = copy();
        rewriteZip(plain, entries -> entries.put("preprocessor.bin", canary));
        try {
            ModelSerializer.restoreMultiLayerNetwork(plain.resolve("model.zip").toFile(), false);
        } catch (RuntimeException | IOException ignored) {
            // the canary is not a DataSetPreProcessor; what matters is that it was deserialized
        }
        assertTrue(Canary.deserialized, "ModelSerializer deserializes preprocessor.bin");
        Canary.deserialized = false;

        assertRejected(plain, "entry 'preprocessor.bin' is not allowed");
        Path first = copy();
        rewriteZip(first, entries -> {
            Map<String, byte[]> all = new LinkedHashMap<>(entries);
            entries.clear();
            entries.put("updater.bin", canary);
            entries.putAll(all);
        });
        assertRejected(first, "entry 'updater.bin' is not allowed");
        assertFalse(Canary.deserialized, "nothing was deserialized");
    }

    @Test
    void aDotDotEntryIsRefusedAndNothingIsWritten() throws IOException {
        Path copy = copy();
        rewriteZip(copy, entries -> entries.put("../../escaped.txt", "x".getBytes(StandardCharsets.UTF_8)));
        assertRejected(copy, "entry '../../escaped.txt' has an unsafe name");
        Path abs = copy();
        rewriteZip(abs, entries -> entries.put("/tmp/escaped.txt", new byte[1]));
        assertRejected(abs, "has an unsafe name");
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().equals("escaped.txt")).count());
        }
    }

    @Test
    void aZipBombIsRefusedAfterReadingOnlyTheCap() throws IOException {
        Path copy = copy();
        Map<String, byte[]> entries = entries(copy.resolve("model.zip"));
        Path zip = copy.resolve("model.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            out.putNextEntry(new ZipEntry("configuration.json"));
            out.write(entries.get("configuration.json"));
            out.putNextEntry(new ZipEntry("coefficients.bin"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 1024; i++) { // 1 GiB inflated, ~1 MB on disk
                out.write(zeros);
            }
            out.closeEntry();
        }
        assertTrue(Files.size(zip) < 4 << 20, "compressed size " + Files.size(zip));
        Manifest.write(copy);
        long t0 = System.nanoTime();
        assertRejected(copy, "entry 'coefficients.bin' inflates to more than");
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "refused without inflating the whole entry");
    }

    @Test
    void aForeignClassInTheConfigurationIsRefused() throws IOException {
        Path copy = copy();
        rewriteZip(copy, entries -> entries.put("configuration.json", new String(entries.get("configuration.json"),
                StandardCharsets.UTF_8).replace("org.nd4j.linalg.learning.config.Adam", "java.net.URL")
                .getBytes(StandardCharsets.UTF_8)));
        assertRejected(copy, "names class 'java.net.URL', which is not a DL4J or ND4J configuration class");
    }

    @Test
    void coefficientsOfTheWrongSizeAreRefused() throws IOException {
        Path copy = copy();
        rewriteZip(copy, entries -> entries.put("coefficients.bin", array(Nd4j.zeros(1, 3))));
        assertRejected(copy, "entry 'coefficients.bin' is not a valid array");
    }

    @Test
    void unknownMetadataFieldsAreIgnoredAndMissingOrNewerOnesRefused() throws IOException {
        // A field a later release adds is ignored here, as this release's fields are read by the next.
        Path extra = copy();
        String meta = Files.readString(extra.resolve("metadata.json"));
        Files.writeString(extra.resolve("metadata.json"), meta.replaceFirst("\\{", "{\"surprise\": 1,"));
        Manifest.write(extra);
        assertEquals(Metadata.read(model.resolve("metadata.json")), ModelStore.load(extra).metadata());
        Path missing = copy();
        Files.writeString(missing.resolve("metadata.json"), meta.replaceFirst("\"seed\" : [0-9-]+,", ""));
        Manifest.write(missing);
        assertRejected(missing, "metadata.json: not valid sparkfit metadata (missing 'seed')");
        Path nulled = copy();
        Files.writeString(nulled.resolve("metadata.json"), meta.replaceFirst("\"label\" : \"[^\"]*\"", "\"label\" : null"));
        Manifest.write(nulled);
        assertRejected(nulled, "metadata.json: not valid sparkfit metadata (missing 'label')");
        Path newer = copy();
        Files.writeString(newer.resolve("metadata.json"), meta.replaceFirst("\"formatVersion\" : 1",
                "\"formatVersion\" : " + (Metadata.FORMAT_VERSION + 1)));
        Manifest.write(newer);
        assertRejected(newer, "metadata.json: model format version " + (Metadata.FORMAT_VERSION + 1)
                + " is not supported (this sparkfit reads versions 1 to " + Metadata.FORMAT_VERSION + ")");
    }

    @Test
    void aForeignPipelineStageIsRefused() throws IOException {
        Path copy = copy();
        Path stageMeta;
        try (Stream<Path> s = Files.walk(copy.resolve("preprocessing/stages"))) {
            stageMeta = s.filter(p -> p.getFileName().toString().equals("part-00000")
                    && p.getParent().getFileName().toString().equals("metadata")).findFirst().orElseThrow();
        }
        String json = Files.readString(stageMeta);
        Files.writeString(stageMeta, json.replaceFirst("\"class\":\"[^\"]+\"",
                "\"class\":\"org.apache.spark.ml.classification.LogisticRegressionModel\""));
        Files.deleteIfExists(stageMeta.resolveSibling(".part-00000.crc"));
        Manifest.write(copy);
        assertRejected(copy, "LogisticRegressionModel', which is not a pipeline stage sparkfit writes");
    }

    @Test
    void onlyTheGeneratedSqlPassesTheSqlCheck() {
        assertTrue(dev.sparkfit.data.FittedPreprocessing.isGeneratedSql(
                "SELECT *, coalesce(`age`, 0.0) AS `age__filled` FROM __THIS__"));
        assertTrue(dev.sparkfit.data.FittedPreprocessing.isGeneratedSql("SELECT *, coalesce(`age`, 30.192231510107018D)"
                + " AS `age__filled`, coalesce(`x`, -1.0E-5D) AS `x__filled` FROM __THIS__"));
        assertFalse(dev.sparkfit.data.FittedPreprocessing.isGeneratedSql(
                "SELECT *, reflect('java.lang.System', 'exit', '0') AS x FROM __THIS__"));
        assertFalse(dev.sparkfit.data.FittedPreprocessing.isGeneratedSql(
                "SELECT *, coalesce(`age`, reflect('java.lang.System', 'exit', '0')) AS `age__filled` FROM __THIS__"));
        assertFalse(dev.sparkfit.data.FittedPreprocessing.isGeneratedSql(
                "SELECT *, coalesce(`a`, 1.0D) AS `a__filled`, reflect('java.lang.System', 'exit', '0') AS x FROM __THIS__"));
        StringBuilder wide = new StringBuilder("SELECT *"); // MNIST's 784 columns
        for (int i = 0; i < 784; i++) {
            wide.append(", coalesce(`px").append(i).append("`, ").append(i * 0.37).append("D) AS `px").append(i)
                    .append("__filled`");
        }
        assertTrue(dev.sparkfit.data.FittedPreprocessing.isGeneratedSql(wide.append(" FROM __THIS__").toString()));
    }

    private void assertRejected(Path modelDir, String expected) {
        ModelRejectedException e = assertThrows(ModelRejectedException.class, () -> ModelStore.load(modelDir));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private Path copy() throws IOException {
        Path to = Files.createTempDirectory(dir, "model");
        try (Stream<Path> s = Files.walk(model)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(model.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }

    /** Rewrites model.zip with {@code change} applied to its entries, then a fresh manifest. */
    private static void rewriteZip(Path modelDir, Consumer<Map<String, byte[]>> change) throws IOException {
        Path zip = modelDir.resolve("model.zip");
        Map<String, byte[]> entries = entries(zip);
        change.accept(entries);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        Manifest.write(modelDir);
    }

    private static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    private static byte[] serialized(Object o) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        return b.toByteArray();
    }

    private static byte[] array(INDArray a) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(b)) {
            Nd4j.write(a, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }
}
