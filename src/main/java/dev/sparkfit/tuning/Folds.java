package dev.sparkfit.tuning;

import dev.sparkfit.data.CheckedRows;
import dev.sparkfit.data.DataException;
import dev.sparkfit.train.Seeds;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.ml.functions.vector_to_array;

/**
 * Deals rows into k folds, as a Spark job (no row reaches the driver).
 *
 * <p><b>Row id.</b> A row's id is two seeded 64-bit hashes of its content (every column, each
 * preceded by a null flag so that {@code (null, 1)} and {@code (1, null)} differ). Content is the
 * only id that stays the same whatever Spark does to the input: {@code monotonically_increasing_id()}
 * and any within-file position depend on the input splits (file sizes, {@code
 * spark.sql.files.maxPartitionBytes}, a {@code repartition}), and Spark's CSV reader exposes no
 * line number. Rows with identical content get identical ids; they are interchangeable, so which of
 * them lands in which fold changes nothing in any fold's rows. Equal ids for different content
 * need a 128-bit collision. A sample-weight column ({@link CheckedRows#WEIGHT}) is left out of the id
 * and only breaks ties between rows of equal content.
 *
 * <p><b>Dealing.</b> Rows are ordered by (stratum, id) and dealt round-robin: within each stratum
 * {@code row_number() over (partition by stratum order by id)}, plus an offset that continues the
 * deal where the previous stratum ended, modulo k. So every fold's size differs from every other's
 * by at most one, and so does every class's count per fold. The stratum is the label for stratified
 * classification, else one stratum for all rows (whose numbering then runs in one task; cv trains k
 * networks over the same rows, which costs far more). The fold is a pure function of the content
 * and the seed: the same on every run, after a repartition, and on a retried task.
 */
public final class Folds {

    /** Name of the added fold column (0-based fold index). */
    public static final String FOLD = "__sparkfit_fold";

    private static final String ID1 = "__sparkfit_fold_id1";
    private static final String ID2 = "__sparkfit_fold_id2";
    private static final String STRATUM = "__sparkfit_fold_stratum";

    private Folds() {
    }

    /**
     * {@code rows} plus {@value #FOLD} in [0, k).
     *
     * @param stratifyBy the class label column to stratify by, or null for no stratification
     * @param totalRows  the number of rows (known to the caller); fewer rows than folds is a
     *                   {@link DataException}
     */
    public static Dataset<Row> assign(Dataset<Row> rows, int k, String stratifyBy, long seed, long totalRows) {
        if (k < 2) {
            throw new IllegalArgumentException("folds must be >= 2, not " + k);
        }
        if (totalRows < k) {
            throw new DataException("cv.folds: " + k + " folds need at least " + k + " rows, the data has "
                    + totalRows + "; a fold would be empty (use fewer folds or more data)");
        }
        List<String> original = List.of(rows.columns());
        Dataset<Row> ided = rows
                .withColumn(ID1, contentHash(rows, Seeds.derive(seed, "fold_id", 1)))
                .withColumn(ID2, contentHash(rows, Seeds.derive(seed, "fold_id", 2)))
                .withColumn(STRATUM, stratifyBy == null ? lit("") : coalesce(quoted(stratifyBy).cast("string"), lit("")));
        Column offset = stratifyBy == null ? lit(0L) : offsets(ided, k);
        // A sample weight is not content: rows differing only in weight share an id, and the weight breaks
        // their tie, so a column of ones deals exactly as no weight column does.
        WindowSpec deal = original.contains(CheckedRows.WEIGHT)
                ? Window.partitionBy(col(STRATUM)).orderBy(col(ID1), col(ID2), col(CheckedRows.WEIGHT))
                : Window.partitionBy(col(STRATUM)).orderBy(col(ID1), col(ID2));
        Column fold = pmod(row_number().over(deal).minus(1).plus(offset), lit(k)).cast("int");
        List<Column> out = new ArrayList<>();
        original.forEach(c -> out.add(quoted(c)));
        out.add(fold.as(FOLD));
        return ided.select(out.toArray(new Column[0]));
    }

    /** Number of rows per fold, index = fold (a k-row aggregation). */
    public static long[] sizes(Dataset<Row> assigned, int k) {
        long[] sizes = new long[k];
        for (Row r : assigned.groupBy(FOLD).count().collectAsList()) {
            sizes[r.getInt(0)] = r.getLong(1);
        }
        return sizes;
    }

    /**
     * Where each stratum's deal starts: the number of rows in the strata before it (in sorted order),
     * so the deal continues across strata. One aggregation; one count per class reaches the driver.
     */
    private static Column offsets(Dataset<Row> ided, int k) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (Row r : ided.groupBy(STRATUM).count().collectAsList()) {
            counts.put(r.isNullAt(0) ? "" : r.getString(0), r.getLong(1));
        }
        Map<String, Long> start = new LinkedHashMap<>();
        long dealt = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            start.put(e.getKey(), dealt % k);
            dealt += e.getValue();
        }
        List<Column> pairs = new ArrayList<>();
        start.forEach((s, o) -> {
            pairs.add(lit(s));
            pairs.add(lit(o));
        });
        return element_at(map(pairs.toArray(new Column[0])), col(STRATUM));
    }

    private static Column quoted(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }

    /** A seeded xxhash64 over every column, each preceded by its null flag; vectors as arrays. */
    private static Column contentHash(Dataset<Row> rows, long seed) {
        List<Column> parts = new ArrayList<>();
        parts.add(lit(seed));
        for (StructField f : rows.schema().fields()) {
            if (f.name().equals(CheckedRows.WEIGHT)) {
                continue; // the row's sample weight (data.weight), not its content
            }
            Column c = quoted(f.name());
            parts.add(c.isNull());
            parts.add(f.dataType().equals(SQLDataTypes.VectorType()) ? vector_to_array(c, "float64") : c);
        }
        return xxhash64(parts.toArray(new Column[0]));
    }
}
