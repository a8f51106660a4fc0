package dev.sparkfit.artifact.export;

import dev.sparkfit.testutil.Cli;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What {@code sparkfit predict} writes for a model and an input file, read back whole: CSV (cells as
 * strings, an empty cell null), or Parquet when the folder ends in .parquet (needed for a vector column).
 */
public record Predictions(Path folder, List<Row> rows) {

    public static Predictions of(Path model, String input, Path folder) {
        Cli r = Cli.run("predict", "--model", model.toString(), "--input", input, "--output", folder.toString());
        assertEquals(0, r.exitCode(), r.err());
        var read = TestSpark.get().read();
        var df = folder.toString().endsWith(".parquet") ? read.parquet(folder.toString())
                : read.option("header", true).option("inferSchema", false).csv(folder.toString());
        return new Predictions(folder, df.collectAsList());
    }

    /** A numeric cell; NaN when empty. */
    public double number(Row r, String column) {
        Object v = r.getAs(column);
        return v == null ? Double.NaN : v instanceof Number n ? n.doubleValue() : Double.parseDouble((String) v);
    }

    public String text(Row r, String column) {
        return r.getAs(column);
    }

    public double[] vector(Row r, String column) {
        return ((Vector) r.getAs(column)).toArray();
    }
}
