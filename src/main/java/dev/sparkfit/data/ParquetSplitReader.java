package dev.sparkfit.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
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
final class ParquetSplitReader implements java.util.Iterator<InternalRow>, AutoCloseable {

    private static final int DOUBLE = 0, FLOAT = 1, INT = 2, LONG = 3, SHORT = 4, BYTE = 5, BOOLEAN = 6, STRING = 7;
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
    private Column[] cursors;
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
                for (Column c : cursors) {
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
            for (Column c : cursors) {
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
        cursors = new Column[columns];
        for (int i = 0; i < columns; i++) {
            cursors[i] = new Column(requested.getColumnDescription(new String[] {names[i]}), kinds[i], vectors[i], batch);
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

    /**
     * One column of the row group being read, decoded page by page into a batch of cells at a time. Levels and
     * dictionary indices in the RLE / bit-packed hybrid encoding, and plain numbers, are decoded in bulk
     * ({@link RleInts}, a little-endian buffer); any other encoding goes through parquet's value readers.
     */
    private static final class Column {
        private final ColumnDescriptor desc;
        private final int kind, maxDef;
        private final OnHeapColumnVector v;
        /** Per cell of the batch, true when null (null when the column has no nulls by its schema). */
        private final boolean[] nulls;
        private final int[] levels, ids;
        private PageReader pages;
        /** The row group's dictionary, decoded once (the array of the column's kind), or null. */
        private long[] dictLongs;
        private double[] dictDoubles;
        private byte[][] dictStrings;
        private Dictionary dictionary;
        private RleInts defs, indices;
        private java.nio.ByteBuffer plain;
        private ValuesReader defReader, values;
        private int pageLeft;

        Column(ColumnDescriptor desc, int kind, OnHeapColumnVector v, int batch) {
            this.desc = desc;
            this.kind = kind;
            this.v = v;
            this.maxDef = desc.getMaxDefinitionLevel();
            this.nulls = maxDef > 0 ? new boolean[batch] : null;
            this.levels = maxDef > 0 ? new int[batch] : null;
            this.ids = new int[batch];
        }

        void start(PageReadStore store) throws IOException {
            pages = store.getPageReader(desc);
            DictionaryPage dp = pages.readDictionaryPage();
            dictionary = dp == null ? null : dp.getEncoding().initDictionary(desc, dp);
            dictLongs = null;
            dictDoubles = null;
            dictStrings = null;
            if (dictionary != null) {
                int n = dictionary.getMaxId() + 1;
                switch (kind) {
                    case DOUBLE, FLOAT -> {
                        dictDoubles = new double[n];
                        for (int i = 0; i < n; i++) {
                            dictDoubles[i] = kind == DOUBLE ? dictionary.decodeToDouble(i) : dictionary.decodeToFloat(i);
                        }
                    }
                    case LONG -> {
                        dictLongs = new long[n];
                        for (int i = 0; i < n; i++) {
                            dictLongs[i] = dictionary.decodeToLong(i);
                        }
                    }
                    case STRING -> {
                        dictStrings = new byte[n][];
                        for (int i = 0; i < n; i++) {
                            dictStrings[i] = dictionary.decodeToBinary(i).getBytes();
                        }
                    }
                    case BOOLEAN -> { } // booleans are not dictionary-encoded; parquet's reader handles one that is
                    default -> {
                        dictLongs = new long[n];
                        for (int i = 0; i < n; i++) {
                            dictLongs[i] = dictionary.decodeToInt(i);
                        }
                    }
                }
            }
            pageLeft = 0;
        }

        /** Decodes the next {@code m} cells of the column into the batch arrays. */
        void fill(int m) throws IOException {
            v.reset();
            int i = 0;
            while (i < m) {
                if (pageLeft == 0) {
                    nextPage();
                }
                int k = Math.min(m - i, pageLeft);
                pageLeft -= k;
                int present = k;
                if (maxDef > 0) {
                    if (defs != null) {
                        defs.read(levels, 0, k);
                    } else {
                        for (int j = 0; j < k; j++) {
                            levels[j] = defReader.readInteger();
                        }
                    }
                    present = 0;
                    for (int j = 0; j < k; j++) {
                        boolean isNull = levels[j] < maxDef;
                        nulls[i + j] = isNull;
                        if (isNull) {
                            v.putNull(i + j);
                        } else {
                            present++;
                        }
                    }
                }
                if (indices != null && (dictLongs != null || dictDoubles != null || dictStrings != null)) {
                    indices.read(ids, 0, present);
                    fromDictionary(i, k);
                } else if (plain != null) {
                    fromPlain(i, k);
                } else {
                    fromReader(i, k);
                }
                i += k;
            }
        }

        private boolean present(int i) {
            return nulls == null || !nulls[i];
        }

        private void fromDictionary(int from, int k) {
            int p = 0;
            for (int i = from; i < from + k; i++) {
                if (present(i)) {
                    int id = ids[p++];
                    switch (kind) {
                        case DOUBLE -> v.putDouble(i, dictDoubles[id]);
                        case FLOAT -> v.putFloat(i, (float) dictDoubles[id]);
                        case STRING -> v.putByteArray(i, dictStrings[id], 0, dictStrings[id].length);
                        default -> put(i, dictLongs[id]);
                    }
                }
            }
        }

        /** An integer cell of an INT, SHORT, BYTE or LONG column (LONG's dictionary is read as longs). */
        private void put(int i, long x) {
            switch (kind) {
                case INT -> v.putInt(i, (int) x);
                case SHORT -> v.putShort(i, (short) x);
                case BYTE -> v.putByte(i, (byte) x);
                default -> v.putLong(i, x);
            }
        }

        private void fromPlain(int from, int k) {
            for (int i = from; i < from + k; i++) {
                if (present(i)) {
                    switch (kind) {
                        case DOUBLE -> v.putDouble(i, plain.getDouble());
                        case FLOAT -> v.putFloat(i, plain.getFloat());
                        case LONG -> v.putLong(i, plain.getLong());
                        default -> put(i, plain.getInt());
                    }
                }
            }
        }

        private void fromReader(int from, int k) {
            for (int i = from; i < from + k; i++) {
                if (present(i)) {
                    switch (kind) {
                        case DOUBLE -> v.putDouble(i, values.readDouble());
                        case FLOAT -> v.putFloat(i, values.readFloat());
                        case LONG -> v.putLong(i, values.readLong());
                        case BOOLEAN -> v.putBoolean(i, values.readBoolean());
                        case STRING -> {
                            byte[] b = values.readBytes().getBytes();
                            v.putByteArray(i, b, 0, b.length);
                        }
                        default -> put(i, values.readInteger());
                    }
                }
            }
        }

        private void nextPage() throws IOException {
            DataPage page = pages.readPage();
            if (page == null) {
                throw new IOException("column " + desc + ": the row group's pages end before its rows");
            }
            int count = page.getValueCount();
            pageLeft = count;
            defs = null;
            defReader = null;
            byte[] data;
            int at = 0;
            org.apache.parquet.column.Encoding encoding;
            if (page instanceof DataPageV1 v1) {
                data = v1.getBytes().toByteArray();
                // Repetition levels: none in a flat column (a maximum level of 0 takes no bytes).
                if (maxDef > 0 && v1.getDlEncoding() == org.apache.parquet.column.Encoding.RLE) {
                    int length = java.nio.ByteBuffer.wrap(data, 0, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
                    defs = new RleInts(data, 4, 4 + length, BytesUtils.getWidthFromMaxInt(maxDef));
                    at = 4 + length;
                } else if (maxDef > 0) {
                    ByteBufferInputStream in = ByteBufferInputStream.wrap(java.nio.ByteBuffer.wrap(data));
                    defReader = v1.getDlEncoding().getValuesReader(desc, org.apache.parquet.column.ValuesType.DEFINITION_LEVEL);
                    defReader.initFromPage(count, in);
                    at = (int) in.position();
                }
                encoding = v1.getValueEncoding();
            } else {
                DataPageV2 v2 = (DataPageV2) page;
                if (maxDef > 0) {
                    byte[] levelBytes = v2.getDefinitionLevels().toByteArray();
                    defs = new RleInts(levelBytes, 0, levelBytes.length, BytesUtils.getWidthFromMaxInt(maxDef));
                }
                data = v2.getData().toByteArray();
                encoding = v2.getDataEncoding();
            }
            indices = null;
            plain = null;
            values = null;
            if (encoding.usesDictionary() && kind != BOOLEAN) {
                if (dictionary == null) {
                    throw new IOException("column " + desc + ": a dictionary-encoded page without a dictionary");
                }
                indices = new RleInts(data, at + 1, data.length, data[at]); // the indices' bit width, then them
            } else if (encoding == org.apache.parquet.column.Encoding.PLAIN && kind != BOOLEAN && kind != STRING) {
                plain = java.nio.ByteBuffer.wrap(data, at, data.length - at).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            } else {
                values = encoding.usesDictionary()
                        ? encoding.getDictionaryBasedValuesReader(desc, org.apache.parquet.column.ValuesType.VALUES, dictionary)
                        : encoding.getValuesReader(desc, org.apache.parquet.column.ValuesType.VALUES);
                values.initFromPage(count, ByteBufferInputStream.wrap(java.nio.ByteBuffer.wrap(data, at, data.length - at)));
            }
        }
    }
}
