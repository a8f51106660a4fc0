package dev.sparkfit.artifact;

import dev.sparkfit.io.AtomicFiles;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;

/** HTML escaping and number formatting for the report. */
final class Html {

    private Html() {
    }

    /** Escapes text for use in element content and quoted attribute values. */
    static String esc(Object value) {
        String s = String.valueOf(value);
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Six significant digits without trailing zeros; NaN as an empty string. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros();
        return Math.abs(v) >= 1e-4 && Math.abs(v) < 1e12 ? d.toPlainString() : d.toString();
    }

    /** Formats any metric value: numbers via {@link #num(double)}, anything else as text. Escaped. */
    static String value(Object v) {
        if (v instanceof Double || v instanceof Float) {
            return esc(num(((Number) v).doubleValue()));
        }
        return esc(v);
    }


    /** Writes a page (UTF-8) through {@link AtomicFiles}; a failure is unchecked, naming the file. */
    static void write(Path file, String text) {
        try {
            AtomicFiles.writeString(file, text);
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException("cannot write " + file, ex);
        }
    }
}
