package dev.sparkfit;

/**
 * The main class of the spark-submit jar ({@code spark-submit --class dev.sparkfit.Main
 * sparkfit-VERSION-spark.jar train --spec ...}); the same commands as {@code scripts/sparkfit}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        dev.sparkfit.cli.Main.main(args);
    }
}
