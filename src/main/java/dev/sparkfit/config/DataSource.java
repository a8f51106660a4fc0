package dev.sparkfit.config;

/**
 * Where rows come from: files ({@code data.path}, {@code --input}), a table of the session's catalog
 * ({@code data.table}) or a query ({@code data.sql}). Exactly one per job; {@link #where()} is how
 * messages name it.
 */
public sealed interface DataSource {

    /** How a message names this source: the path, {@code table NAME} or {@code data.sql}. */
    String where();

    /** True when reading needs the session's catalog (a table, or a query that may name tables). */
    default boolean usesCatalog() {
        return !(this instanceof Files);
    }

    /** Files or a folder of files, in {@code format} (auto: from the extension). */
    record Files(String path, DataFormat format) implements DataSource {
        public Files {
            Check.nonBlank("data.path", path);
            Check.required("data.format", format);
        }

        @Override
        public String where() {
            return path;
        }
    }

    /** A table or view of the catalog, e.g. {@code db.events}. */
    record Table(String name) implements DataSource {
        public Table {
            Check.nonBlank("data.table", name);
        }

        @Override
        public String where() {
            return "table " + name;
        }
    }

    /** A query: SELECT, WITH ... SELECT, VALUES or TABLE; never a statement that changes anything. */
    record Query(String sql) implements DataSource {
        public Query {
            Check.nonBlank("data.sql", sql);
        }

        @Override
        public String where() {
            return "data.sql";
        }
    }

    /** The one source among {@code path}, {@code table} and {@code sql} that is set; a spec error otherwise. */
    static DataSource of(String prefix, String path, DataFormat format, String table, String sql) {
        int given = (path != null ? 1 : 0) + (table != null ? 1 : 0) + (sql != null ? 1 : 0);
        if (given == 0) {
            throw new SpecException(prefix + ".path is required (or " + prefix + ".table, or " + prefix + ".sql)");
        }
        if (given > 1) {
            throw new SpecException(prefix + ": give one of path, table, sql, not " + String.join(" and ",
                    java.util.stream.Stream.of(path != null ? "path" : null, table != null ? "table" : null,
                            sql != null ? "sql" : null).filter(java.util.Objects::nonNull).toList()));
        }
        if (path == null && format != DataFormat.AUTO) {
            throw new SpecException(prefix + ".format: '" + format.key() + "' is for files (data.path); a table or"
                    + " query has its own types (leave data.format out)");
        }
        return path != null ? new Files(path, format) : table != null ? new Table(table) : new Query(sql);
    }
}
