package dev.sparkfit.data;

import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static dev.sparkfit.data.ParquetSplitReader.BOOLEAN;
import static dev.sparkfit.data.ParquetSplitReader.BYTE;
import static dev.sparkfit.data.ParquetSplitReader.DOUBLE;
import static dev.sparkfit.data.ParquetSplitReader.FLOAT;
import static dev.sparkfit.data.ParquetSplitReader.INT;
import static dev.sparkfit.data.ParquetSplitReader.LONG;
import static dev.sparkfit.data.ParquetSplitReader.SHORT;
import static dev.sparkfit.data.ParquetSplitReader.STRING;

/**
 * One column of the row group {@link ParquetSplitReader} is reading, decoded page by page into a batch of
 * cells at a time, into the column's vector. Levels and dictionary indices in the RLE / bit-packed hybrid
 * encoding, and plain numbers, are decoded in bulk ({@link RleInts}, a little-endian buffer); any other
 * encoding goes through parquet's value readers.
 */
final class ParquetColumn {

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
    private ByteBuffer plain;
    private ValuesReader defReader, values;
    private int pageLeft;

    ParquetColumn(ColumnDescriptor desc, int kind, OnHeapColumnVector v, int batch) {
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
        Encoding encoding;
        if (page instanceof DataPageV1 v1) {
            data = v1.getBytes().toByteArray();
            // Repetition levels: none in a flat column (a maximum level of 0 takes no bytes).
            if (maxDef > 0 && v1.getDlEncoding() == Encoding.RLE) {
                int length = ByteBuffer.wrap(data, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                defs = new RleInts(data, 4, 4 + length, BytesUtils.getWidthFromMaxInt(maxDef));
                at = 4 + length;
            } else if (maxDef > 0) {
                ByteBufferInputStream in = ByteBufferInputStream.wrap(ByteBuffer.wrap(data));
                defReader = v1.getDlEncoding().getValuesReader(desc, ValuesType.DEFINITION_LEVEL);
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
        } else if (encoding == Encoding.PLAIN && kind != BOOLEAN && kind != STRING) {
            plain = ByteBuffer.wrap(data, at, data.length - at).order(ByteOrder.LITTLE_ENDIAN);
        } else {
            values = encoding.usesDictionary()
                    ? encoding.getDictionaryBasedValuesReader(desc, ValuesType.VALUES, dictionary)
                    : encoding.getValuesReader(desc, ValuesType.VALUES);
            values.initFromPage(count, ByteBufferInputStream.wrap(ByteBuffer.wrap(data, at, data.length - at)));
        }
    }
}
