package dev.sparkfit.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads the lines of CSV file splits straight from their bytes into one reused typed row, as Spark's CSV
 * reader would give them to {@link IngestPass} with sparkfit's options: the header (the first non-blank line
 * of a file) and blank lines dropped, cells trimmed, an empty cell null, numbers as {@link CsvNumbers} reads
 * them, and a line with the wrong number of fields or a cell that is not a number given whole in
 * {@link DataReader#CORRUPT}. A split owns the lines that start inside it, as Hadoop's LineRecordReader
 * decides (a split not at the file's start skips its first, partial line, and reads past its end to finish
 * its last). A line with a quote character stops the read ({@link #unread}): quoted fields are left to Spark.
 */
final class CsvSplitReader implements SplitScan.Reader {

    /** One file range of a partition, as Spark planned it: {@code file} as {@code input_file_name()} gives it. */
    record Split(String file, long start, long length) implements java.io.Serializable {
    }

    private final List<Split> splits;
    private final Configuration conf;
    private final boolean[] number;
    private final int fields, corrupt, fileColumn;
    private final SpecificInternalRow row;
    private final int[] starts, ends;
    private int next;
    private InputStream in;
    private long pos, end;
    private UTF8String fileName;
    private byte[] buf = new byte[1 << 16];
    private int bufPos, bufLen;
    private byte[] line = new byte[1 << 12];
    private int lineLen;
    private boolean ready, unread, atFileStart;

    /** @param scanned the header's columns typed (doubles and strings), then CORRUPT, then FILE */
    CsvSplitReader(List<Split> splits, Configuration conf, StructType scanned) {
        this.splits = splits;
        this.conf = conf;
        this.fields = scanned.fields().length - 2;
        this.corrupt = fields;
        this.fileColumn = fields + 1;
        this.number = new boolean[fields];
        for (int i = 0; i < fields; i++) {
            number[i] = scanned.fields()[i].dataType() instanceof DoubleType;
        }
        this.row = new SpecificInternalRow(scanned);
        this.starts = new int[fields + 1];
        this.ends = new int[fields + 1];
    }

    /** True when the read stopped at a line it leaves to Spark's reader (a quote character). */
    @Override
    public boolean unread() {
        return unread;
    }

    @Override
    public boolean hasNext() {
        try {
            while (!ready && !unread) {
                if (in == null && !open()) {
                    return false;
                }
                if (pos > end || !readLine()) {
                    close();
                    continue;
                }
                ready = fill();
            }
            return ready;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InternalRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ready = false;
        return row;
    }

    private boolean open() throws IOException {
        if (next == splits.size()) {
            return false;
        }
        Split s = splits.get(next++);
        Path path = new Path(java.net.URI.create(s.file())); // url-encoded, as SparkPath keeps it
        FSDataInputStream stream = path.getFileSystem(conf).open(path);
        stream.seek(s.start());
        in = stream;
        bufPos = bufLen = 0;
        pos = s.start();
        end = s.start() + s.length();
        fileName = UTF8String.fromString(s.file());
        atFileStart = s.start() == 0;
        if (!atFileStart) {
            readLine(); // the partial line belongs to the split before (which reads past its end)
        }
        return true;
    }

    /** Closes the file being read (a reader left before its end, or stopped at a quote, still has one open). */
    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
            in = null;
        }
    }

    /** The next line into {@code line} (without its terminator: LF, CR LF or CR); false at the end of the file. */
    private boolean readLine() throws IOException {
        lineLen = 0;
        boolean any = false;
        while (true) {
            if (bufPos == bufLen) {
                bufLen = in.read(buf, 0, buf.length);
                bufPos = 0;
                if (bufLen <= 0) {
                    bufLen = 0;
                    return any;
                }
            }
            any = true;
            int i = bufPos;
            while (i < bufLen && buf[i] != '\n' && buf[i] != '\r') {
                i++;
            }
            append(bufPos, i);
            pos += i - bufPos;
            bufPos = i;
            if (i < bufLen) {
                byte t = buf[i];
                bufPos++;
                pos++;
                if (t == '\r') {
                    if (bufPos == bufLen) {
                        bufLen = Math.max(in.read(buf, 0, buf.length), 0);
                        bufPos = 0;
                    }
                    if (bufPos < bufLen && buf[bufPos] == '\n') {
                        bufPos++;
                        pos++;
                    }
                }
                return true;
            }
        }
    }

    private void append(int from, int to) {
        int n = to - from;
        if (lineLen + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + n));
        }
        System.arraycopy(buf, from, line, lineLen, n);
        lineLen += n;
    }

    /** Splits {@code line} into the row; false for a line that is no row (blank, or the header). */
    private boolean fill() {
        int from = 0;
        if (atFileStart && lineLen >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
            from = 3; // a UTF-8 byte order mark, which LineRecordReader drops
        }
        int a = from, b = lineLen;
        while (a < b && (line[a] & 0xff) <= ' ') {
            a++;
        }
        if (a == b) {
            return false; // blank lines are skipped, as Spark skips them
        }
        if (atFileStart) {
            atFileStart = false;
            return false; // the header
        }
        int n = cells(from);
        if (n < 0) {
            unread = true;
            return false;
        }
        row.update(fileColumn, fileName);
        row.setNullAt(corrupt);
        boolean typed = n == fields;
        for (int k = 0; k < fields; k++) {
            typed &= k < n ? cell(k, starts[k], ends[k]) : setNull(k);
        }
        if (!typed) {
            // As Spark's permissive reader keeps a line it cannot type: whole, in the corrupt-record column,
            // with the cells it could read (a wrong number of fields) in the columns.
            row.update(corrupt, UTF8String.fromString(new String(line, from, lineLen - from, StandardCharsets.UTF_8)));
        }
        return true;
    }

    /** Splits {@code line} from {@code from} at commas into {@code starts} / {@code ends}: the field count, or -1 at a quote. */
    private int cells(int from) {
        int n = 0;
        int cell = from;
        for (int i = from; i <= lineLen; i++) {
            if (i == lineLen || line[i] == ',') {
                if (n < fields + 1) {
                    starts[n] = cell;
                    ends[n] = i;
                }
                n++;
                cell = i + 1;
            } else if (line[i] == '"') {
                return -1;
            }
        }
        return n;
    }

    /**
     * Adds to {@code counts} ({@link ColumnProbe#count}'s layout) the cells of columns {@code at} over at most
     * {@code limit} more rows, straight from the bytes (a String only for a cell that is not a plain number);
     * false when a line holds a quote character.
     */
    boolean probe(int[] at, long limit, long[] counts) throws IOException {
        int n = at.length;
        for (long seen = 0; seen < limit; ) {
            if (in == null && !open()) {
                return true;
            }
            if (pos > end || !readLine()) {
                close();
                continue;
            }
            int from = atFileStart && lineLen >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB
                    && line[2] == (byte) 0xBF ? 3 : 0;
            int a = from;
            while (a < lineLen && (line[a] & 0xff) <= ' ') {
                a++;
            }
            if (a == lineLen) {
                continue; // blank
            }
            if (atFileStart) {
                atFileStart = false;
                continue; // the header
            }
            int f = cells(from);
            if (f < 0) {
                return false;
            }
            seen++;
            counts[2 * n]++;
            for (int i = 0; i < n; i++) {
                int k = at[i];
                if (k >= f) {
                    continue; // a missing field is null
                }
                int s = starts[k], e = ends[k];
                while (s < e && (line[s] & 0xff) <= ' ') {
                    s++;
                }
                while (e > s && (line[e - 1] & 0xff) <= ' ') {
                    e--;
                }
                if (s == e) {
                    continue;
                }
                counts[2 * i]++;
                if (CsvNumbers.notANumber(CsvNumbers.parse(line, s, e))) {
                    counts[2 * i + 1]++;
                }
            }
        }
        return true;
    }

    /** Cell {@code k} from {@code line[s, e)}, trimmed; false (and the cell null) when a number does not parse. */
    private boolean cell(int k, int s, int e) {
        while (s < e && (line[s] & 0xff) <= ' ') {
            s++;
        }
        while (e > s && (line[e - 1] & 0xff) <= ' ') {
            e--;
        }
        if (s == e) {
            return setNull(k);
        } else if (number[k]) {
            double v = CsvNumbers.parse(line, s, e);
            if (CsvNumbers.notANumber(v)) {
                setNull(k);
                return false;
            }
            row.setDouble(k, v);
        } else {
            row.update(k, text(s, e));
        }
        return true;
    }

    private boolean setNull(int k) {
        row.setNullAt(k);
        return true;
    }

    private UTF8String text(int s, int e) {
        for (int i = s; i < e; i++) {
            if (line[i] < 0) { // not ASCII: decoded as Spark decodes the line (malformed bytes replaced)
                return UTF8String.fromString(new String(line, s, e - s, StandardCharsets.UTF_8));
            }
        }
        return UTF8String.fromBytes(Arrays.copyOfRange(line, s, e));
    }
}
