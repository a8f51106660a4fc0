package dev.sparkfit.tuning;

import dev.sparkfit.config.CapacitySpec;
import dev.sparkfit.config.Grow;
import dev.sparkfit.config.SpecException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The capacity loop against scripted validation scores: where it grows, where it stops, what it picks. */
class CapacitySearchTest {

    private static CapacitySpec spec(Grow grow, int maxUnits, int maxLayers, int patience, double minDelta) {
        return new CapacitySpec(grow, 2.0, List.of(10), maxUnits, maxLayers, patience, minDelta, false);
    }

    /** Runs the search with scores looked up by architecture; records what was scored. */
    private static CapacitySearch.Outcome run(CapacitySpec spec, Map<List<Integer>, Double> scores, List<List<Integer>> seen) {
        return new CapacitySearch(spec).run(h -> {
            seen.add(h);
            return scores.get(h);
        });
    }

    @Test
    void stopsAfterPatienceStepsWithoutImprovementAndPicksTheBest() {
        List<List<Integer>> seen = new ArrayList<>();
        CapacitySearch.Outcome o = run(spec(Grow.WIDTH, 1024, 6, 1, 0.0),
                Map.of(List.of(10), 1.0, List.of(20), 0.8, List.of(40), 0.85, List.of(80), 0.5), seen);
        assertEquals(List.of(List.of(10), List.of(20), List.of(40)), seen, "never tries 80 with patience 1");
        assertEquals(List.of(20), o.best().hidden());
        assertEquals(2, o.best().step());
        assertTrue(o.reason().contains("did not improve"), o.reason());
    }

    @Test
    void aMetricThatGrowsIsJudgedByItsHighestValue() {
        List<List<Integer>> seen = new ArrayList<>();
        Map<List<Integer>, Double> auc = Map.of(List.of(10), 0.70, List.of(20), 0.82, List.of(40), 0.80);
        CapacitySearch.Outcome o = new CapacitySearch(spec(Grow.WIDTH, 1024, 6, 1, 0.0), "val_auc",
                dev.sparkfit.config.Mode.MAX).run(h -> {
                    seen.add(h);
                    return auc.get(h);
                });
        assertEquals(List.of(20), o.best().hidden(), "the highest val_auc, not the lowest");
        assertEquals(3, seen.size());
        assertTrue(o.reason().contains("best val_auc did not improve"), o.reason());
    }

    @Test
    void patienceTwoGivesOneMoreStepAChance() {
        List<List<Integer>> seen = new ArrayList<>();
        CapacitySearch.Outcome o = run(spec(Grow.WIDTH, 1024, 6, 2, 0.0),
                Map.of(List.of(10), 1.0, List.of(20), 0.8, List.of(40), 0.85, List.of(80), 0.5, List.of(160), 0.6,
                        List.of(320), 0.7), seen);
        assertEquals(List.of(List.of(10), List.of(20), List.of(40), List.of(80), List.of(160), List.of(320)), seen);
        assertEquals(List.of(80), o.best().hidden());
    }

    @Test
    void improvementsBelowMinDeltaDoNotCount() {
        List<List<Integer>> seen = new ArrayList<>();
        CapacitySearch.Outcome o = run(spec(Grow.WIDTH, 1024, 6, 1, 0.1),
                Map.of(List.of(10), 1.0, List.of(20), 0.95), seen);
        assertEquals(2, seen.size());
        assertEquals(List.of(10), o.best().hidden());
    }

    @Test
    void stopsAtTheLimits() {
        List<List<Integer>> seen = new ArrayList<>();
        CapacitySearch.Outcome o = run(spec(Grow.WIDTH, 40, 6, 1, 0.0),
                Map.of(List.of(10), 1.0, List.of(20), 0.8, List.of(40), 0.6), seen);
        assertEquals(3, seen.size());
        assertEquals(List.of(40), o.best().hidden());
        assertTrue(o.reason().contains("max_units 40"), o.reason());
    }

    @Test
    void depthAddsALayerOfTheLastWidthAndBothDoesBoth() {
        CapacitySearch depth = new CapacitySearch(spec(Grow.DEPTH, 1024, 3, 1, 0.0));
        assertEquals(List.of(10, 10), depth.grow(List.of(10)));
        assertEquals(List.of(10, 10, 10), depth.grow(List.of(10, 10)));
        assertNull(depth.grow(List.of(10, 10, 10)), "a fourth layer passes max_layers 3");
        CapacitySearch both = new CapacitySearch(new CapacitySpec(Grow.BOTH, 1.5, List.of(10), 1024, 6, 1, 0.0, false));
        assertEquals(List.of(15, 15), both.grow(List.of(10)));
    }

    @Test
    void badSettingsNameTheKey() {
        SpecException e = assertThrows(SpecException.class,
                () -> new CapacitySpec(Grow.WIDTH, 1.0, List.of(10), 1024, 6, 1, 0.0, false));
        assertTrue(e.getMessage().contains("capacity.factor: 1.0 is not > 1"), e.getMessage());
        SpecException s = assertThrows(SpecException.class,
                () -> new CapacitySpec(Grow.WIDTH, 2.0, List.of(10, 0), 1024, 6, 1, 0.0, false));
        assertTrue(s.getMessage().contains("capacity.start[1]"), s.getMessage());
    }
}
