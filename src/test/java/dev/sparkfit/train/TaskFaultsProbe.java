package dev.sparkfit.train;

import dev.sparkfit.cli.Main;
import dev.sparkfit.testutil.RetryingSpark;
import org.apache.spark.sql.SparkSession;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run in its own JVM by {@link TaskFaultsTest}: one {@code local[2,4]} session (a task may fail 4
 * times), and the real {@code sparkfit train} on iris three times: clean, with the first attempt of an
 * averaging task failing ({@code sparkfit.test.fail=round:first-attempt}), and with every attempt of it
 * failing ({@code round:always}). Prints per run {@code PROBE <name> exit=.. failedTasks=.. seconds=..
 * model=.. success=..}, then its last stdout line and its stderr.
 */
public final class TaskFaultsProbe {

    private TaskFaultsProbe() {
    }

    public static void main(String[] args) throws Exception {
        RetryingSpark session = RetryingSpark.start("task-faults");
        SparkSession spark = session.spark();
        AtomicInteger failed = session.failedTasks();
        Path tmp = Files.createTempDirectory("task-faults");
        run("clean", tmp, failed);
        System.setProperty(TestFaults.PROPERTY, "round:first-attempt");
        run("retried", tmp, failed);
        System.setProperty(TestFaults.PROPERTY, "round:always");
        run("always", tmp, failed);
        spark.stop();
    }

    private static void run(String name, Path tmp, AtomicInteger failed) throws InterruptedException {
        Path out = tmp.resolve(name);
        StringWriter so = new StringWriter();
        StringWriter se = new StringWriter();
        Thread.sleep(200); // task-end events of the previous run reach the listener first
        failed.set(0);
        long t0 = System.nanoTime();
        int code = Main.run(new String[] {"train", "--spec", "conf/iris.yaml", "--set", "training.epochs=2",
                "--out", out.toString()}, new PrintWriter(so, true), new PrintWriter(se, true));
        double seconds = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(200);
        String[] lines = so.toString().strip().split("\n");
        System.out.println("PROBE " + name + " exit=" + code + " failedTasks=" + failed.get() + " seconds=" + seconds
                + " model=" + Files.exists(out.resolve("model")) + " success=" + Files.exists(out.resolve("_SUCCESS")));
        System.out.println("PROBE-OUT " + name + " " + lines[lines.length - 1]);
        System.out.println("PROBE-ERR " + name + " " + se.toString().strip().replace("\n", "\\n"));
    }
}
