package dev.sparkfit.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.sparkfit.config.SpecErrorsTest.assertMentions;
import static dev.sparkfit.config.SpecErrorsTest.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code data.validation}: a path or a source mapping, written back as read, and exclusive with validation_split. */
class ValidationSpecTest {

    private static final String WITH = SpecErrorsTest.MINIMAL.replace("}", ", validation: %s}");

    private static JobSpec parse(String yaml) {
        return SpecLoader.parse(yaml, "conf/x.yaml", List.of());
    }

    @Test
    void aPathOrATableOrAQueryAndTheSplitDefaultsToZero() {
        JobSpec path = parse(WITH.formatted("val.csv"));
        assertEquals(new DataSource.Files("val.csv", DataFormat.AUTO), path.data().validation());
        assertEquals(0.0, path.training().validationSplit(), "data.validation replaces the default split");
        assertEquals(new DataSource.Files("v", DataFormat.PARQUET),
                parse(WITH.formatted("{path: v, format: parquet}")).data().validation());
        assertEquals(new DataSource.Table("db.val"), parse(WITH.formatted("{table: db.val}")).data().validation());
        JobSpec sql = parse(WITH.formatted("{sql: 'SELECT * FROM t WHERE day > 3'}"));
        assertEquals(new DataSource.Query("SELECT * FROM t WHERE day > 3"), sql.data().validation());
        for (JobSpec s : List.of(path, sql)) {
            assertEquals(s, parse(SpecLoader.toYaml(s)), "spec.yaml reads back the same");
        }
        JobSpec none = parse(SpecErrorsTest.MINIMAL);
        assertNull(none.data().validation());
        assertEquals(0.2, none.training().validationSplit());
        assertEquals(SpecLoader.hash(none), SpecLoader.hash(parse(SpecLoader.toYaml(none))));
        assertEquals(false, SpecLoader.toYaml(none).contains("validation:"), "specs without it keep their hash");
    }

    @Test
    void errorsAreOneLine() {
        assertMentions(error(WITH.formatted("val.csv") + "training: {validation_split: 0.1}"),
                "training.validation_split: 0.1 and data.validation (val.csv) are both set");
        assertMentions(error(WITH.formatted("{path: a.csv, table: t}")), "data.validation: give one of path, table, sql");
        assertMentions(error(WITH.formatted("{paht: a.csv}")), "data.validation.paht: unknown key (did you mean 'path'?");
        assertMentions(error(WITH.formatted("{table: t, format: csv}")), "data.validation.format: 'csv' is for files");
        assertMentions(error(SpecErrorsTest.MINIMAL + "training: {validation_split: 0}"),
                "'val_loss' needs training.validation_split > 0 (it is 0.0) or data.validation");
    }
}
