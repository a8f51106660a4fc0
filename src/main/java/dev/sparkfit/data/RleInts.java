package dev.sparkfit.data;

import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;

import java.io.IOException;
import java.util.Arrays;

/**
 * Parquet's RLE / bit-packing hybrid encoding (definition levels, dictionary indices) decoded many values
 * at a time from a byte array: a run of one repeated value is filled at once, bit-packed groups of eight are
 * unpacked by parquet's own packers. Parquet's decoder gives one value per call, which cost most of the
 * time of a wide file's read.
 */
final class RleInts {

    private final byte[] b;
    private final int end, width, valueBytes;
    private final BytePacker packer;
    private final int[] group = new int[8];
    private int pos, left, value, inGroup = 8;
    private boolean repeated;

    /** The encoded values in {@code b[from, to)}, each {@code width} bits wide. */
    RleInts(byte[] b, int from, int to, int width) {
        this.b = b;
        this.pos = from;
        this.end = to;
        this.width = width;
        this.valueBytes = (width + 7) / 8;
        this.packer = Packer.LITTLE_ENDIAN.newBytePacker(width);
    }

    /** The next {@code n} values into {@code out[off, off + n)}. */
    void read(int[] out, int off, int n) throws IOException {
        while (n > 0) {
            if (left == 0) {
                header();
            }
            int k = Math.min(n, left);
            if (repeated) {
                Arrays.fill(out, off, off + k, value);
            } else {
                for (int j = 0; j < k; j++) {
                    if (inGroup == 8) {
                        unpack();
                    }
                    out[off + j] = group[inGroup++];
                }
            }
            left -= k;
            off += k;
            n -= k;
        }
    }

    private void header() throws IOException {
        int h = varint();
        if ((h & 1) == 0) { // a run: count, then the value in ceil(width / 8) little-endian bytes
            repeated = true;
            left = h >>> 1;
            value = 0;
            for (int i = 0; i < valueBytes; i++) {
                value |= (byte_() & 0xff) << (8 * i);
            }
        } else { // bit-packed groups of eight values
            repeated = false;
            left = (h >>> 1) * 8;
            inGroup = 8;
        }
        if (left <= 0) {
            throw new IOException("corrupt RLE / bit-packed run at byte " + pos);
        }
    }

    private void unpack() {
        if (pos + width <= end) {
            packer.unpack8Values(b, pos, group, 0);
        } else { // a last group cut short by the page's end: the missing bytes read as zeros
            byte[] padded = Arrays.copyOfRange(b, pos, pos + width);
            packer.unpack8Values(padded, 0, group, 0);
        }
        pos += width;
        inGroup = 0;
    }

    private int varint() throws IOException {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int x = byte_();
            v |= (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("corrupt RLE header at byte " + pos);
    }

    private int byte_() throws IOException {
        if (pos >= end) {
            throw new IOException("RLE / bit-packed data ends early");
        }
        return b[pos++];
    }
}
