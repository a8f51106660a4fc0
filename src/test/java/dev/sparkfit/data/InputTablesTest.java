package dev.sparkfit.data;

import dev.sparkfit.config.BadRecords;
import dev.sparkfit.config.DataFormat;
import dev.sparkfit.config.DataSpec;
import dev.sparkfit.config.MissingPolicy;
import dev.sparkfit.config.Task;
import dev.sparkfit.testutil.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Typing, task detection and bad-row checks, each error naming file, column and value. */
class InputTablesTest {

    @TempDir
    Path dir;

    private int files;

    private DataSpec spec(String csv, String label) throws IOException {
        Path file = dir.resolve("in" + (++files) + ".csv");
        Files.writeString(file, csv);
        return DataSpec.of(file.toString(), label);
    }

    private static DataSpec with(DataSpec s, BadRecords bad, double maxBad, MissingPolicy missing) {
        return new DataSpec(s.path(), s.format(), s.label(), s.features(), s.categorical(), s.task(), missing, bad, maxBad);
    }

    private static String failure(DataSpec s) {
        return assertThrows(DataException.class, () -> InputTables.forTraining(TestSpark.get(), s, m -> { })).getMessage();
    }

    @Test
    void titanicSampleIsTypedAndClassesAreSorted() {
        DataSpec s = DataSpec.of("data-samples/titanic.csv", "survived");
        s = new DataSpec(s.path(), DataFormat.AUTO, "survived", List.of("sex", "age", "passengerClass"), List.of(),
                Task.AUTO, MissingPolicy.MEAN, BadRecords.FAIL, 0.01);
        InputTable t = InputTables.forTraining(TestSpark.get(), s, m -> { });
        assertEquals(Task.CLASSIFICATION, t.task());
        assertEquals(List.of("age"), t.numeric());
        assertEquals(List.of("sex", "passengerClass"), t.categorical());
        assertEquals(List.of("no", "yes"), t.classes());
        assertEquals(1309, t.totalRows());
    }

    @Test
    void numericLabelMeansRegression() throws IOException {
        InputTable t = InputTables.forTraining(TestSpark.get(), spec("x,y\n1,2.5\n2,3.5\n", "y"), m -> { });
        assertEquals(Task.REGRESSION, t.task());
    }

    @Test
    void rowsWithTheWrongNumberOfFieldsAreNotPaddedSilently() throws IOException {
        String msg = failure(spec("x,z,y\n1,2,3\n4,5\n6,7,8\n", "y"));
        assertTrue(msg.contains("in1.csv") && msg.contains("1 of 3 rows are bad")
                && msg.contains("wrong number of fields") && msg.contains("4,5"), msg);
        String extra = failure(spec("x,z,y\n1,2,3\n4,5,6,7,8\n", "y"));
        assertTrue(extra.contains("wrong number of fields") && extra.contains("4,5,6,7,8"), extra);
    }

    @Test
    void textInANumericColumnNamesTheColumnAndValue() throws IOException {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 200; i++) {
            csv.append(i).append(',').append(i % 2).append('\n');
        }
        csv.append("abc,1\n");
        String msg = failure(spec(csv.toString(), "y"));
        assertTrue(msg.contains("column 'x': 'abc' is not a number") && msg.contains("bad_records"), msg);
    }

    @Test
    void skipDropsBadRowsAndCountsThemButFailsPastTheFraction() throws IOException {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 200; i++) {
            csv.append(i).append(',').append(i).append('\n');
        }
        csv.append("NaN,1\n5,\n");
        DataSpec s = with(spec(csv.toString(), "y"), BadRecords.SKIP, 0.05, MissingPolicy.MEAN);
        InputTable t = InputTables.forTraining(TestSpark.get(), s, m -> { });
        assertEquals(202, t.totalRows());
        assertEquals(2, t.badRows());
        assertEquals(200, t.rows().count());
        String msg = failure(with(s, BadRecords.SKIP, 0.001, MissingPolicy.MEAN));
        assertTrue(msg.contains("more than data.max_bad_fraction 0.001"), msg);
    }

    @Test
    void missingLabelColumnAndMissingPathAreDataErrors() throws IOException {
        String msg = failure(spec("x,y\n1,2\n", "wage"));
        assertTrue(msg.contains("no column 'wage'") && msg.contains("x, y"), msg);
        String path = failure(DataSpec.of(dir.resolve("nope.csv").toString(), "y"));
        assertTrue(path.contains("nope.csv") && path.contains("does not exist"), path);
    }

    @Test
    void missingFailPolicyRefusesEmptyCells() throws IOException {
        String msg = failure(with(spec("x,y\n1,2\n,3\n", "y"), BadRecords.FAIL, 0.01, MissingPolicy.FAIL));
        assertTrue(msg.contains("column 'x' is empty (data.missing: fail"), msg);
    }
}
