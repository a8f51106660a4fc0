package dev.sparkfit.data;

import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * Rows from the session's catalog: a table or view ({@code data.table}) or a query ({@code data.sql}).
 * With spark-hive on the classpath the catalog is Hive's metastore (see {@code job.SparkSessions});
 * otherwise Spark's in-memory catalog, which knows only this session's views. Nothing here runs a job:
 * Spark resolves names and checks the query when the Dataset is built, and reads rows later.
 */
final class CatalogSource {

    private CatalogSource() {
    }

    static Dataset<Row> table(SparkSession spark, String name) {
        try {
            return spark.table(name);
        } catch (Exception e) { // AnalysisException (not found) or a parse error of the name
            throw new DataException("data.table: '" + name + "' " + (notFound(e) ? "is not a table or view of the "
                    + catalog(spark) + " catalog" : "cannot be read: " + firstLine(e)));
        }
    }

    /**
     * Runs {@code sql} only after checking it is a query: {@code spark.sql} runs a command (DROP, INSERT,
     * SET ...) at once, so the text is parsed first and anything but a query is refused.
     */
    static Dataset<Row> query(SparkSession spark, String sql) {
        LogicalPlan plan;
        try {
            plan = CatalystSqlParser$.MODULE$.parsePlan(sql);
        } catch (Exception e) { // ParseException
            throw new DataException("data.sql: " + firstLine(e));
        }
        if (plan instanceof Command || plan instanceof InsertIntoStatement) {
            throw new DataException("data.sql: '" + head(sql) + "' is not a query (only SELECT, WITH ... SELECT,"
                    + " VALUES or TABLE)");
        }
        try {
            return spark.sql(sql);
        } catch (Exception e) { // a missing table or column, a type error
            throw new DataException("data.sql: " + firstLine(e)
                    + (notFound(e) ? " (catalog: " + catalog(spark) + ")" : ""));
        }
    }

    private static boolean notFound(Exception e) {
        String m = String.valueOf(e.getMessage());
        return e instanceof AnalysisException && (m.contains("TABLE_OR_VIEW_NOT_FOUND") || m.contains("not found"));
    }

    /** "hive" or "in-memory", as spark.sql.catalogImplementation says. */
    static String catalog(SparkSession spark) {
        return spark.conf().get("spark.sql.catalogImplementation", "in-memory");
    }

    /** The first non-blank line of an exception's message (its class name when it has none). */
    static String firstLine(Throwable e) {
        return String.valueOf(e.getMessage()).lines().map(String::strip).filter(l -> !l.isEmpty())
                .findFirst().orElse(e.getClass().getSimpleName());
    }

    private static String head(String sql) {
        String one = sql.strip().replaceAll("\\s+", " ");
        return one.length() <= 60 ? one : one.substring(0, 57) + "...";
    }
}
