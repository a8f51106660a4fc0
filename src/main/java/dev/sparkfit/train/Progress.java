package dev.sparkfit.train;

import java.util.Locale;
import java.util.Map;

/** The one console line printed per epoch. */
final class Progress {

    private Progress() {
    }

    static String line(int epoch, int epochs, Map<String, Double> values, double rowsPerSecond, double etaSeconds) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs));
        values.forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %s %.4f", k, v)));
        b.append(String.format(Locale.ROOT, "  %,.0f rows/s  ETA %s", rowsPerSecond, eta(etaSeconds)));
        return b.toString();
    }

    private static String eta(double s) {
        long t = Math.round(s);
        return t >= 60 ? (t / 60) + "m" + String.format(Locale.ROOT, "%02d", t % 60) + "s" : t + "s";
    }
}
