package dev.sparkfit.data;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * One aggregation over the raw rows that counts, per column, the non-empty cells and those that
 * do not parse as a number. A column is numeric when its unparsable share is within the allowed
 * bad-record fraction (those cells then become bad rows), and categorical otherwise.
 */
final class ColumnProbe {

    private final Map<String, long[]> stats;

    private ColumnProbe(Map<String, long[]> stats) {
        this.stats = stats;
    }

    static ColumnProbe run(Dataset<Row> raw, List<String> columns) {
        List<Column> aggs = new ArrayList<>();
        for (String c : columns) {
            Column v = col(c);
            boolean typed = InputTables.isNumericType(raw.schema().apply(c).dataType());
            aggs.add(count(v));
            aggs.add(typed ? sum(when(v.isNull(), 0).otherwise(0))
                    : sum(when(v.isNotNull().and(v.cast(DataTypes.DoubleType).isNull()), 1).otherwise(0)));
        }
        // A single job: two counters per column, no data leaves the executors.
        Row r = raw.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
        Map<String, long[]> stats = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            long nonNull = r.getLong(2 * i);
            long bad = r.isNullAt(2 * i + 1) ? 0 : ((Number) r.get(2 * i + 1)).longValue();
            stats.put(columns.get(i), new long[] {nonNull, bad});
        }
        return new ColumnProbe(stats);
    }

    long nonNull(String c) {
        return stats.get(c)[0];
    }

    /** True when at least one cell parses and the unparsable share is at most {@code maxBad}. */
    boolean isNumeric(String c, double maxBad) {
        long[] s = stats.get(c);
        return s[0] > 0 && s[1] < s[0] && s[1] <= maxBad * s[0];
    }
}
