package dev.sparkfit.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sparkfit.config.TuneSpec;
import dev.sparkfit.train.Seeds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The settings a search trains, in trial order, a pure function of the tune section (so a resumed
 * search proposes the same trials). Grid: every combination of the choice lists, the first key
 * varying slowest. Random and asha on a space of choice lists only: the grid in a seeded order, without
 * repeats (at most the grid's size); otherwise each trial draws every key from its own seeded
 * generator ({@code Seeds.derive(seed, "trial", n)}).
 */
public final class Proposals {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Proposals() {
    }

    /** The settings of trials 1..n: searched key to value, in the space's key order. */
    public static List<Map<String, JsonNode>> of(TuneSpec tune) {
        if (tune.finite()) {
            List<Map<String, JsonNode>> grid = grid(tune.space());
            if (tune.method() == TuneSpec.Method.GRID) {
                return grid;
            }
            int[] order = Seeds.permutation(grid.size(), Seeds.derive(tune.seed(), "grid order"));
            List<Map<String, JsonNode>> out = new ArrayList<>();
            for (int i = 0; i < Math.min(tune.trials(), grid.size()); i++) {
                out.add(grid.get(order[i]));
            }
            return out;
        }
        List<Map<String, JsonNode>> out = new ArrayList<>();
        for (int n = 1; n <= tune.trials(); n++) {
            SplittableRandom rnd = new SplittableRandom(Seeds.derive(tune.seed(), "trial", n));
            Map<String, JsonNode> values = new LinkedHashMap<>();
            tune.space().forEach((key, domain) -> values.put(key, draw(domain, rnd)));
            out.add(values);
        }
        return out;
    }

    static JsonNode draw(TuneSpec.Domain domain, SplittableRandom rnd) {
        if (domain instanceof TuneSpec.Choice c) {
            return c.values().get(rnd.nextInt(c.values().size()));
        }
        if (domain instanceof TuneSpec.Uniform u) {
            return NODES.numberNode(round(u.low() + rnd.nextDouble() * (u.high() - u.low())));
        }
        if (domain instanceof TuneSpec.LogUniform l) {
            return NODES.numberNode(round(Math.exp(Math.log(l.low())
                    + rnd.nextDouble() * (Math.log(l.high()) - Math.log(l.low())))));
        }
        TuneSpec.IntUniform i = (TuneSpec.IntUniform) domain;
        return NODES.numberNode(i.low() + rnd.nextLong(i.high() - i.low() + 1));
    }

    /** Six significant digits: values a person can read in tune.json and type into a spec. */
    private static double round(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).doubleValue();
    }

    private static List<Map<String, JsonNode>> grid(Map<String, TuneSpec.Domain> space) {
        List<Map<String, JsonNode>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, TuneSpec.Domain> e : space.entrySet()) {
            List<Map<String, JsonNode>> next = new ArrayList<>();
            for (Map<String, JsonNode> partial : out) {
                for (JsonNode v : ((TuneSpec.Choice) e.getValue()).values()) {
                    Map<String, JsonNode> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }
}
