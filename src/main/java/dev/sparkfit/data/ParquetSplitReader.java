package dev.sparkfit.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.vectorized.ConstantColumnVector;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads the rows of Parquet file splits with parquet's page and value decoders, as Spark's Parquet reader gives
 * them for the same splits: a split reads the row groups whose midpoint lies in
 * it (the range filter Spark's reader sets), a cell whose definition level is below the column's maximum is
 * null. Each column is decoded a batch of rows at a time (a tight loop per column, as Spark's vectorized
 * reader does; a row at a time across hundreds of columns ran at a tenth of the speed) into Spark's column
 * vectors, and a row is a view of the batch (one reused row, no copy of its cells). Only flat columns of
 * the types {@link ParquetFile} accepts; the row's last field, when named {@link RowChecks#FILE}, is the file
 * as {@code input_file_name()} gives it.
 */
final class ParquetSplitReader implements SplitScan.Reader {

    static final int DOUBLE = 0, FLOAT = 1, INT = 2, LONG = 3, SHORT = 4, BYTE = 5, BOOLEAN = 6, STRING = 7;
    /** Cells decoded per batch, over all columns (8 MB of longs). */
    private static final int BATCH_CELLS = 1 << 20;

    private final List<CsvSplitReader.Split> splits;
    private final Configuration conf;
    private final String[] names;
    private final int[] kinds;
    private final int columns, batch;
    private final boolean withFile;
    /** The batch's columns (then the file's name, one value for every row): rows are views of it, not copies. */
    private final ColumnarBatch rows;
    private final ConstantColumnVector file;
    private final OnHeapColumnVector[] vectors;
    private int next;
    private ParquetFileReader reader;
    private ParquetColumn[] cursors;
    /** Rows of the row group not yet decoded; rows of the batch, and the next one to give. */
    private long groupLeft;
    private int batchRows, at;

    /** @param scanned the columns to read (flat, by name), then optionally {@link RowChecks#FILE} */
    ParquetSplitReader(List<CsvSplitReader.Split> splits, Configuration conf, StructType scanned) {
        this.splits = splits;
        this.conf = conf;
        String[] all = scanned.fieldNames();
        this.withFile = all.length > 0 && all[all.length - 1].equals(RowChecks.FILE);
        this.columns = all.length - (withFile ? 1 : 0);
        this.names = java.util.Arrays.copyOf(all, columns);
        this.kinds = new int[columns];
        for (int i = 0; i < columns; i++) {
            kinds[i] = kind(scanned.fields()[i].dataType());
        }
        this.batch = Math.max(16, Math.min(4096, BATCH_CELLS / Math.max(1, columns)));
        this.vectors = new OnHeapColumnVector[columns];
        ColumnVector[] batchColumns = new ColumnVector[columns + (withFile ? 1 : 0)];
        for (int i = 0; i < columns; i++) {
            vectors[i] = new OnHeapColumnVector(batch, scanned.fields()[i].dataType());
            batchColumns[i] = vectors[i];
        }
        this.file = withFile ? new ConstantColumnVector(batch, DataTypes.StringType) : null;
        if (withFile) {
            batchColumns[columns] = file;
        }
        this.rows = new ColumnarBatch(batchColumns, 0);
    }

    /** The reader's code for a Spark type, or -1 when it does not read it. */
    static int kind(DataType t) {
        return t instanceof DoubleType ? DOUBLE : t instanceof FloatType ? FLOAT : t instanceof IntegerType ? INT
                : t instanceof LongType ? LONG : t instanceof ShortType ? SHORT : t instanceof ByteType ? BYTE
                : t instanceof BooleanType ? BOOLEAN : t instanceof org.apache.spark.sql.types.StringType ? STRING : -1;
    }

    @Override
    public boolean hasNext() {
        try {
            while (at == batchRows) {
                if (groupLeft == 0 && !nextRowGroup()) {
                    return false;
                }
                int m = (int) Math.min(batch, groupLeft);
                for (ParquetColumn c : cursors) {
                    c.fill(m);
                }
                rows.setNumRows(m);
                groupLeft -= m;
                batchRows = m;
                at = 0;
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InternalRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return rows.getRow(at++); // one reused row, pointed at the batch's next row
    }

    /** The next row group of the splits (opening the next split's file when needed); false after the last. */
    private boolean nextRowGroup() throws IOException {
        while (true) {
            if (reader == null && !open()) {
                return false;
            }
            PageReadStore pages = reader.readNextRowGroup();
            if (pages == null) {
                close();
                continue;
            }
            for (ParquetColumn c : cursors) {
                c.start(pages);
            }
            groupLeft = pages.getRowCount();
            if (groupLeft > 0) {
                return true;
            }
        }
    }

    private boolean open() throws IOException {
        if (next == splits.size()) {
            return false;
        }
        CsvSplitReader.Split s = splits.get(next++);
        Path path = new Path(java.net.URI.create(s.file())); // url-encoded, as SparkPath keeps it
        // The row groups whose midpoint lies in the split: the range filter Spark's Parquet reader sets.
        org.apache.parquet.ParquetReadOptions options = HadoopReadOptions.builder(conf, path)
                .withRange(s.start(), s.start() + s.length()).build();
        reader = new ParquetFileReader(HadoopInputFile.fromPath(path, conf), options);
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        List<Type> fields = new ArrayList<>();
        for (String n : names) {
            fields.add(schema.getType(n));
        }
        MessageType requested = new MessageType(schema.getName(), fields);
        reader.setRequestedSchema(requested);
        cursors = new ParquetColumn[columns];
        for (int i = 0; i < columns; i++) {
            cursors[i] = new ParquetColumn(requested.getColumnDescription(new String[] {names[i]}), kinds[i],
                    vectors[i], batch);
        }
        if (withFile) {
            file.setUtf8String(UTF8String.fromString(s.file()));
        }
        return true;
    }

    /** Closes the file being read (a reader left before its end still has one open). */
    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
