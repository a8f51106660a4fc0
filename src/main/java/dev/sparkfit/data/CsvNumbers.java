package dev.sparkfit.data;

import java.nio.charset.StandardCharsets;

/**
 * Numbers parsed straight from the bytes of a CSV cell, with no String per cell, giving exactly the double
 * {@code Double.parseDouble} gives. Plain decimals ({@code [+-]digits[.digits]}, at most 15 digits) take
 * the fast path: the digits as an exact integer m below 2^53, divided by an exact power of ten 10^k
 * (k <= 22), which IEEE division rounds correctly, as parseDouble rounds m / 10^k. Anything else
 * (exponents, more digits, NaN, hex, suffixes) goes through {@code Double.parseDouble} itself.
 */
final class CsvNumbers {

    /** Returned by {@link #parse} for a cell that is not a number (never a value parseDouble returns). */
    static final double NOT_A_NUMBER = Double.longBitsToDouble(0x7ff8dead0000beefL);

    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private CsvNumbers() {
    }

    /** The number in {@code b[from, to)} (already trimmed, not empty), or {@link #NOT_A_NUMBER}. */
    static double parse(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (b[i] == '-' || b[i] == '+') {
            negative = b[i] == '-';
            i++;
        }
        long m = 0;
        int digits = 0, fraction = -1;
        for (; i < to; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                m = m * 10 + (c - '0');
                digits++;
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return slow(b, from, to);
            }
        }
        if (digits == 0 || digits > 15) {
            return slow(b, from, to);
        }
        double v = fraction > 0 ? (double) m / POW10[fraction] : (double) m;
        return negative ? -v : v;
    }

    /** True when {@code v} is the {@link #NOT_A_NUMBER} marker (a NaN read from the file is not). */
    static boolean notANumber(double v) {
        return Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(NOT_A_NUMBER);
    }

    private static double slow(byte[] b, int from, int to) {
        try {
            return Double.parseDouble(new String(b, from, to - from, StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return NOT_A_NUMBER;
        }
    }
}
