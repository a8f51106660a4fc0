package dev.sparkfit.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cv section: defaults, validation with key and allowed range, round trip. */
class CvSpecTest {

    static final String MINIMAL = "data: {path: data-samples/iris.csv, label: species}\n";

    static JobSpec parse(String yaml, String... overrides) {
        return SpecLoader.parse(yaml, "conf/x.yaml", List.of(overrides));
    }

    static String error(String yaml, String... overrides) {
        return assertThrows(SpecException.class, () -> parse(yaml, overrides)).getMessage();
    }

    @Test
    void defaults() {
        assertEquals(new CvSpec(5, true, 1, false), parse(MINIMAL).cv());
        assertEquals(CvSpec.defaults(), parse(MINIMAL).cv());
    }

    @Test
    void readsEveryKeyAndOverrides() {
        JobSpec spec = parse(MINIMAL + "cv: {folds: 3, stratify: false, parallelism: 2, refit: true}");
        assertEquals(new CvSpec(3, false, 2, true), spec.cv());
        assertEquals(new CvSpec(10, true, 1, true), parse(MINIMAL, "cv.folds=10", "cv.refit=true").cv());
    }

    @Test
    void rangesAreCheckedWithKeyAndBound() {
        assertEquals("conf/x.yaml: cv.folds: 1 is not >= 2", error(MINIMAL, "cv.folds=1"));
        assertEquals("conf/x.yaml: cv.parallelism: 0 is not >= 1", error(MINIMAL + "cv: {parallelism: 0}"));
    }

    @Test
    void unknownKeysAreErrors() {
        String e = error(MINIMAL + "cv: {fold: 3}");
        assertTrue(e.startsWith("conf/x.yaml: cv.fold: unknown key (did you mean 'folds'? known: folds, stratify, "
                + "parallelism, refit)"), e);
        assertTrue(error(MINIMAL + "cvv: {}").contains("did you mean 'cv'?"), error(MINIMAL + "cvv: {}"));
    }

    @Test
    void roundTrip() {
        JobSpec spec = parse(MINIMAL + "cv: {folds: 4, stratify: false, parallelism: 3, refit: true}");
        String yaml = SpecLoader.toYaml(spec);
        assertTrue(yaml.contains("cv:\n  folds: 4\n  stratify: false\n  parallelism: 3\n  refit: true\n"), yaml);
        assertEquals(spec, SpecLoader.parse(yaml, "y.yaml", List.of()));
        assertEquals(parse(MINIMAL), SpecLoader.parse(SpecLoader.toYaml(parse(MINIMAL)), "y.yaml", List.of()));
    }
}
