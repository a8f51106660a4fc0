package dev.sparkfit.cli;

import dev.sparkfit.testutil.Cli;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Identifiers and free text taken as categories, and labels that cannot be classes: each stops the run
 * with exit 3 and one line naming the column, its distinct count and what to do, before any network is
 * built; the counts come from Spark aggregates (the driver receives a few KB, never the values).
 */
class CardinalityGuardTest {

    @Test
    void titanicWithEveryColumnAsFeatureStopsOnName(@TempDir Path tmp) {
        Path out = tmp.resolve("run");
        Cli r = Cli.run("train", "--spec", "conf/titanic.yaml", "--set", "data.features=[]", "--out", out.toString());
        assertEquals(ExitCodes.DATA, r.exitCode(), r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertTrue(err.contains("categorical column 'name' has 1,309 distinct values in 1,309 rows"), err);
        assertTrue(err.contains("leave it out of data.features"), err);
        assertFalse(err.contains("'sex'") || err.contains("'passengerClass'"), "only the identifier: " + err);
        assertFalse(Files.exists(out.resolve("model")), "nothing trained");
    }

    @Test
    void anIdColumnOfAHundredThousandRowsStopsWithoutCollectingTheIds(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("users.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("user_id,country,x,label\n");
            for (int i = 0; i < 100_000; i++) {
                w.write(String.format(Locale.ROOT, "user-%08d,c%d,%d,%s%n", i * 7919L % 1_000_003, i % 7, i % 13,
                        i % 3 == 0 ? "yes" : "no"));
            }
        }
        Path spec = tmp.resolve("users.yaml");
        Files.writeString(spec, "data: {path: " + csv + ", label: label}\ntraining: {epochs: 1}\n");
        AtomicLong resultBytes = new AtomicLong();
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskMetrics() != null) {
                    resultBytes.addAndGet(end.taskMetrics().resultSize());
                }
            }
        };
        TestSpark.get().sparkContext().addSparkListener(listener);
        Cli r;
        try {
            r = Cli.run("train", "--spec", spec.toString(), "--out", tmp.resolve("run").toString());
            TestSpark.get().sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            TestSpark.get().sparkContext().removeSparkListener(listener);
        }
        assertEquals(ExitCodes.DATA, r.exitCode(), r.err());
        String err = r.err().strip();
        assertTrue(err.contains("categorical column 'user_id' has 100,000 distinct values in 100,000 rows"), err);
        assertTrue(err.contains("about one per row"), err);
        assertFalse(err.contains("'country'"), err);
        // 100,000 ids are 1.3 MB as strings; every task result of the whole run together stays far below.
        assertTrue(resultBytes.get() < 400_000, "bytes sent to the driver: " + resultBytes.get());
    }

    @Test
    void moreCategoriesThanTheLimitStopsAndRaisingTheLimitLetsItTrain(@TempDir Path tmp) throws Exception {
        StringBuilder csv = new StringBuilder("zip,x,label\n");
        for (int i = 0; i < 600; i++) {
            csv.append("z").append(i % 120).append(',').append(i % 5).append(',').append(i % 2).append('\n');
        }
        Path data = tmp.resolve("zips.csv");
        Files.writeString(data, csv);
        Path spec = tmp.resolve("zips.yaml");
        Files.writeString(spec, "data: {path: " + data + ", label: label, max_categories: 100}\n"
                + "training: {epochs: 1, validation_split: 0.0, early_stopping: false}\n");
        Cli refused = Cli.run("train", "--spec", spec.toString(), "--out", tmp.resolve("a").toString());
        assertEquals(ExitCodes.DATA, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("categorical column 'zip' has 120 distinct values in 600 rows (more than"
                + " data.max_categories 100); leave it out of data.features, or raise data.max_categories"), refused.err());
        Cli raised = Cli.run("train", "--spec", spec.toString(), "--set", "data.max_categories=200",
                "--out", tmp.resolve("b").toString());
        assertEquals(0, raised.exitCode(), raised.err());
    }

    @Test
    void aClassificationLabelWithAValuePerRowOrASingleClassIsADataError(@TempDir Path tmp) throws Exception {
        StringBuilder wide = new StringBuilder("x,label\n");
        StringBuilder single = new StringBuilder("x,label\n");
        for (int i = 0; i < 300; i++) {
            wide.append(i % 10).append(",id").append(i).append('\n');
            single.append(i % 10).append(",yes\n");
        }
        Files.writeString(tmp.resolve("wide.csv"), wide);
        Files.writeString(tmp.resolve("single.csv"), single);
        Cli w = Cli.run("train", "--spec", "conf/iris.yaml", "--set", "data.path=" + tmp.resolve("wide.csv"),
                "--set", "data.label=label", "--set", "data.features=[]", "--out", tmp.resolve("w").toString());
        assertEquals(ExitCodes.DATA, w.exitCode(), w.err());
        assertTrue(w.err().contains("data.label: 'label' has 300 distinct values in 300 rows (about one per row)"), w.err());
        Cli s = Cli.run("train", "--spec", "conf/iris.yaml", "--set", "data.path=" + tmp.resolve("single.csv"),
                "--set", "data.label=label", "--set", "data.features=[]", "--out", tmp.resolve("s").toString());
        assertEquals(ExitCodes.DATA, s.exitCode(), s.err());
        assertTrue(s.err().contains("classification needs at least 2 classes, found 1 [yes]"), s.err());
    }
}
