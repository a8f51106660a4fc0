package dev.sparkfit.eval;

import dev.sparkfit.eval.Diagnostics.LayerHealth;
import dev.sparkfit.eval.Diagnostics.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plain-language verdicts on a {@link Diagnostics.Result}: what is wrong, in which layer, and what to try. */
final class DiagnosticVerdicts {

    private DiagnosticVerdicts() {
    }

    static List<Verdict> of(Diagnostics.Result r) {
        List<Verdict> out = new ArrayList<>();
        String saturatedActivation = null;
        boolean dead = false;
        for (LayerHealth l : r.layers()) {
            if (l.deadFraction() > Diagnostics.DEAD_LIMIT) {
                dead = true;
                out.add(new Verdict("dead_l" + l.number(), "layer " + l.number() + ": " + percent(l.deadFraction())
                        + " of units are dead (" + display(l.activation()) + " outputs 0 for every row); "
                        + "try a lower learning_rate, leakyrelu, or he initialisation"));
            }
            if (l.saturatedFraction() > Diagnostics.SATURATED_LIMIT) {
                saturatedActivation = saturatedActivation == null ? l.activation() : saturatedActivation;
                String where = l.activation().equals("tanh") ? "beyond -0.99 or 0.99" : "below 0.01 or above 0.99";
                out.add(new Verdict("saturated_l" + l.number(), "layer " + l.number() + ": "
                        + percent(l.saturatedFraction()) + " of units are saturated (" + l.activation() + " outputs "
                        + where + " for most rows); try relu, standardized inputs, or a smaller initialisation"));
            }
        }
        double ratio = r.gradientRatio();
        if (ratio < Diagnostics.VANISHING_RATIO) {
            int last = r.layers().size();
            String cause = saturatedActivation != null ? " (" + saturatedActivation + " units saturated); "
                    + "try relu, a smaller initialisation or fewer layers"
                    : dead ? " (dead units pass no gradient back); try a lower learning_rate, leakyrelu, or he initialisation"
                    : "; try relu, he initialisation or fewer layers";
            out.add(new Verdict("vanishing", "layer 1 gradient norm is " + sci(ratio) + " of layer " + last
                    + "'s: gradients vanish" + cause));
        }
        return out;
    }

    static String percent(double f) {
        return Math.round(100 * f) + "%";
    }

    /** 1.2e-6, 1e-6, 0: short scientific notation for small ratios. */
    static String sci(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        int exp = (int) Math.floor(Math.log10(Math.abs(v)));
        double mantissa = v / Math.pow(10, exp);
        String m = String.format(Locale.ROOT, "%.1f", mantissa);
        if (m.equals("10.0")) {
            m = "1.0";
            exp++;
        }
        return (m.endsWith(".0") ? m.substring(0, m.length() - 2) : m) + "e" + exp;
    }

    private static String display(String activation) {
        return switch (activation) {
            case "relu" -> "ReLU";
            case "leakyrelu" -> "LeakyReLU";
            default -> activation;
        };
    }
}
