package dev.sparkfit.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code model.init_from}: read, written back and validated like every other key. */
class InitFromSpecTest {

    private static final String DATA = "data: {path: x.csv, label: y}\n";

    @Test
    void absentByDefaultAndRoundTripsWhenSet() {
        JobSpec plain = SpecLoader.parse(DATA, "plain.yaml", List.of());
        assertEquals(Optional.empty(), plain.model().initFrom());
        assertEquals(plain, SpecLoader.parse(SpecLoader.toYaml(plain), "again.yaml", List.of()));

        JobSpec set = SpecLoader.parse(DATA + "model: {init_from: runs/a/model}\n", "set.yaml", List.of());
        assertEquals(Optional.of("runs/a/model"), set.model().initFrom());
        assertEquals(set, SpecLoader.parse(SpecLoader.toYaml(set), "again.yaml", List.of()));
        assertEquals(Optional.of("imported"),
                SpecLoader.parse(DATA, "o.yaml", List.of("model.init_from=imported")).model().initFrom());
        assertEquals(set.model().initFrom(), set.withHidden(List.of(LayerSpec.of(3))).model().initFrom());
    }

    @Test
    void anEmptyValueNamesTheKey() {
        SpecException e = assertThrows(SpecException.class,
                () -> SpecLoader.parse(DATA + "model: {init_from: ' '}\n", "blank.yaml", List.of()));
        assertTrue(e.getMessage().contains("blank.yaml: model.init_from must not be empty"), e.getMessage());
    }
}
