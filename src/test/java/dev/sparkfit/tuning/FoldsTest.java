package dev.sparkfit.tuning;

import dev.sparkfit.data.DataException;
import dev.sparkfit.testutil.TestSpark;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Folds are disjoint, complete, reproducible (also after a repartition) and stratified. */
class FoldsTest {

    /** A CSV sample as string columns plus {@code line}, its 0-based line number: a known unique id. */
    static Dataset<Row> withLines(String path) {
        Dataset<Row> csv = TestSpark.get().read().option("header", true).csv(path).coalesce(1);
        List<StructField> fields = new ArrayList<>(Arrays.asList(csv.schema().fields()));
        fields.add(DataTypes.createStructField("line", DataTypes.LongType, false));
        StructType schema = DataTypes.createStructType(fields);
        List<Row> rows = new ArrayList<>();
        long line = 0;
        for (Row r : csv.collectAsList()) { // a small test sample; the code under test never collects rows
            Object[] values = new Object[r.size() + 1];
            for (int i = 0; i < r.size(); i++) {
                values[i] = r.get(i);
            }
            values[r.size()] = line++;
            rows.add(RowFactory.create(values));
        }
        return TestSpark.get().createDataFrame(rows, schema);
    }

    /** line -> fold. */
    static Map<Long, Integer> foldOf(Dataset<Row> assigned) {
        Map<Long, Integer> out = new HashMap<>();
        for (Row r : assigned.select("line", Folds.FOLD).collectAsList()) {
            Integer before = out.put(r.getLong(0), r.getInt(1));
            assertEquals(null, before, "line " + r.getLong(0) + " is in two folds");
        }
        return out;
    }

    @Test
    void foldsAreDisjointCompleteAndTheSameEveryTimeAndAfterARepartition() {
        Dataset<Row> iris = withLines("data-samples/iris.csv");
        long n = iris.count();
        Map<Long, Integer> first = foldOf(Folds.assign(iris, 5, "species", 42, n));
        assertEquals(150, first.size(), "every row in exactly one fold");
        assertTrue(first.values().stream().allMatch(f -> f >= 0 && f < 5));
        assertEquals(first, foldOf(Folds.assign(iris, 5, "species", 42, n)), "same folds when computed again");
        assertEquals(first, foldOf(Folds.assign(iris.repartition(7), 5, "species", 42, n)),
                "same folds after a repartition");
        assertTrue(!first.equals(foldOf(Folds.assign(iris, 5, "species", 43, n))), "another seed, other folds");
    }

    @Test
    void stratifiedFoldsKeepEachClassCountWithinOneRow() {
        Dataset<Row> titanic = TestSpark.get().read().option("header", true).csv("data-samples/titanic.csv");
        long n = titanic.count();
        Dataset<Row> assigned = Folds.assign(titanic, 7, "survived", 42, n);
        Map<String, long[]> perClass = new TreeMap<>();
        for (Row r : assigned.groupBy("survived", Folds.FOLD).count().collectAsList()) {
            perClass.computeIfAbsent(r.getString(0), c -> new long[7])[r.getInt(1)] = r.getLong(2);
        }
        assertEquals(2, perClass.size());
        perClass.forEach((c, counts) -> assertTrue(spread(counts) <= 1, c + ": " + Arrays.toString(counts)));
        long[] sizes = Folds.sizes(assigned, 7);
        assertEquals(n, Arrays.stream(sizes).sum());
        assertTrue(spread(sizes) <= 1, Arrays.toString(sizes));
    }

    @Test
    void identicalRowsAreInterchangeable() {
        // Without the name column titanic has many identical rows; the folds' contents (as multisets)
        // are still the same after a repartition.
        Dataset<Row> rows = TestSpark.get().read().option("header", true).csv("data-samples/titanic.csv")
                .drop("name");
        long n = rows.count();
        assertTrue(rows.distinct().count() < n, "the sample has duplicates");
        List<Row> a = contents(Folds.assign(rows, 4, "survived", 7, n));
        List<Row> b = contents(Folds.assign(rows.repartition(5), 4, "survived", 7, n));
        assertEquals(a, b);
    }

    @Test
    void unstratifiedFoldsDifferInSizeByAtMostOne() {
        Dataset<Row> wages = TestSpark.get().read().option("header", true).csv("data-samples/hourly_wages.csv");
        long n = wages.count();
        long[] sizes = Folds.sizes(Folds.assign(wages, 6, null, 42, n), 6);
        assertEquals(n, Arrays.stream(sizes).sum());
        assertTrue(spread(sizes) <= 1, Arrays.toString(sizes));
    }

    @Test
    void fewerRowsThanFoldsIsADataError() {
        Dataset<Row> three = withLines("data-samples/iris.csv").limit(3);
        DataException e = assertThrows(DataException.class, () -> Folds.assign(three, 5, null, 42, 3));
        assertTrue(e.getMessage().contains("5 folds") && e.getMessage().contains("has 3"), e.getMessage());
    }

    /** (every column..., fold, count), sorted: the folds' contents as multisets. */
    private static List<Row> contents(Dataset<Row> assigned) {
        Column[] cols = Arrays.stream(assigned.columns()).map(c -> col(c)).toArray(Column[]::new);
        return assigned.groupBy(cols).count().orderBy(cols).collectAsList();
    }

    private static long spread(long[] counts) {
        return Arrays.stream(counts).max().orElse(0) - Arrays.stream(counts).min().orElse(0);
    }
}
