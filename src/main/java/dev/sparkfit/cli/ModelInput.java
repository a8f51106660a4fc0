package dev.sparkfit.cli;

import dev.sparkfit.config.DataFormat;
import dev.sparkfit.config.DataSource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The saved model and the rows to apply it to, shared by predict and evaluate. */
final class ModelInput {

    @Option(names = "--model", required = true, description = "model directory (RUN/model)")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Rows rows;

    /** Exactly one of files, a table or a query. */
    static final class Rows {
        @Option(names = "--input", description = "input file or folder (csv, parquet, orc, libsvm)")
        String path;

        @Option(names = "--input-table", description = "a table or view of the catalog, e.g. db.events")
        String table;

        @Option(names = "--input-sql", description = "a query, e.g. \"SELECT * FROM parquet.`/data/x`\"")
        String sql;

        DataSource source() {
            return path != null ? new DataSource.Files(path, DataFormat.AUTO)
                    : table != null ? new DataSource.Table(table) : new DataSource.Query(sql);
        }
    }
}
