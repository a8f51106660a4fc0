package dev.sparkfit.job;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Locale;
import java.util.UUID;

/**
 * {@code predict --output-table}: a new managed Parquet table of the catalog, published whole. Spark
 * writes a hidden table of the same database and renames it to the requested name only once every
 * task has committed; a failed job drops the hidden table, so the requested name never shows half the rows.
 * (The rename is one metastore call; a crash between the write and the rename leaves a
 * {@code __sparkfit_tmp_*} table behind, never a partial table under the requested name.)
 */
final class OutputTable {

    private OutputTable() {
    }

    static boolean exists(SparkSession spark, String name) {
        try {
            return spark.catalog().tableExists(name);
        } catch (RuntimeException e) { // e.g. the database does not exist
            throw new dev.sparkfit.data.DataException("--output-table: '" + name + "' cannot be used: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    static void write(Dataset<Row> rows, String name) {
        int dot = name.lastIndexOf('.');
        String tmp = name.substring(0, dot + 1) + "__sparkfit_tmp_"
                + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
        SparkSession spark = rows.sparkSession();
        boolean renamed = false;
        try {
            rows.write().format("parquet").saveAsTable(tmp);
            spark.sql("ALTER TABLE " + tmp + " RENAME TO " + name);
            renamed = true;
        } finally {
            if (!renamed) {
                spark.sql("DROP TABLE IF EXISTS " + tmp);
            }
        }
    }
}
