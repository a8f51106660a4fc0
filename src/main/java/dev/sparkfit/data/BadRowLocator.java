package dev.sparkfit.data;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.SparkSession;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a bad row is: Spark's CSV reader gives no line numbers, so once a run has failed on a bad row
 * the driver reads that one file from its start and finds the first line with the row's content (the
 * same content is the same bad row, so it is the first bad line of that content). The header is line 1;
 * a record whose quoted cells hold line breaks is reported at its first line (found by a second pass
 * that parses whole records, as Spark's multiLine reader does). The search stops after
 * {@value #MAX_CHARS} characters and then says the line was not found. Runs only after a failure.
 */
final class BadRowLocator {

    static final long MAX_CHARS = 256L << 20;
    /** Separates the file, the kind and the cells in the located-row string the typer produces. */
    static final char SEP = '\u0001', CELL = '\u0002', NULL = '\u0003';

    private BadRowLocator() {
    }

    /** The string {@link RowTyper} keeps for a bad row: its file and either its raw line or its cells. */
    static String encode(String file, String corruptLine, Object[] cells) {
        StringBuilder b = new StringBuilder(file == null ? "" : file).append(SEP);
        if (corruptLine != null) {
            return b.append('L').append(corruptLine).toString();
        }
        b.append('C');
        for (int i = 0; i < cells.length; i++) {
            b.append(i == 0 ? "" : String.valueOf(CELL)).append(cells[i] == null ? String.valueOf(NULL) : cells[i].toString());
        }
        return b.toString();
    }

    /** "FILE, line N" (CSV, when found), "FILE" (other formats), or null when the file is unknown. */
    static String describe(SparkSession spark, String located, boolean csv) {
        int sep = located.indexOf(SEP);
        String uri = located.substring(0, sep);
        if (uri.isEmpty()) {
            return null;
        }
        Path path = new Path(uri);
        String shown = "file".equals(path.toUri().getScheme()) ? path.toUri().getPath() : uri;
        if (!csv) {
            return shown;
        }
        try {
            long line = find(spark, path, located.charAt(sep + 1), located.substring(sep + 2));
            return shown + (line > 0 ? ", line " + line : " (line not found in its first " + (MAX_CHARS >> 20) + " MB)");
        } catch (IOException | RuntimeException e) {
            return shown + " (line unknown: " + e.getMessage() + ")";
        }
    }

    private static long find(SparkSession spark, Path path, char kind, String content) throws IOException {
        String[] want = kind == 'C' ? cells(content) : null;
        CsvParser parser = kind == 'C' ? parser() : null;
        String[] wantLines = kind == 'C' ? null : content.strip().split("\r?\n", -1);
        try (BufferedReader in = open(spark, path)) {
            long chars = 0;
            long n = 1;
            String[] window = new String[wantLines == null ? 1 : wantLines.length];
            in.readLine(); // the header
            for (String line = in.readLine(); line != null && chars < MAX_CHARS; line = in.readLine()) {
                n++;
                chars += line.length() + 1;
                System.arraycopy(window, 1, window, 0, window.length - 1);
                window[window.length - 1] = line;
                if (want == null ? sameLines(window, wantLines) : !line.isBlank() && matches(parser.parseLine(line), want)) {
                    return n - window.length + 1;
                }
            }
        }
        // a typed row whose quoted cells span lines (a file read with multiLine): match whole records instead
        return want != null && String.join("", want).indexOf('\n') >= 0 ? findRecord(spark, path, want) : -1;
    }

    /** The first line of the first record (after the header) whose cells are {@code want}, or -1. */
    private static long findRecord(SparkSession spark, Path path, String[] want) throws IOException {
        CsvParser parser = parser();
        try (BufferedReader in = open(spark, path)) {
            parser.beginParsing(in);
            parser.parseNext(); // the header
            for (String[] row = parser.parseNext(); row != null && parser.getContext().currentChar() < MAX_CHARS;
                 row = parser.parseNext()) {
                if (matches(row, want)) {
                    long breaks = String.join("", row).chars().filter(c -> c == '\n').count();
                    return parser.getContext().currentLine() - breaks; // the context counts to the record's end
                }
            }
        } finally {
            parser.stopParsing();
        }
        return -1;
    }

    private static boolean sameLines(String[] window, String[] want) {
        for (int i = 0; i < want.length; i++) {
            if (window[i] == null || !window[i].strip().equals(want[i].strip())) {
                return false;
            }
        }
        return !window[0].isBlank();
    }

    private static BufferedReader open(SparkSession spark, Path path) throws IOException {
        FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        CompressionCodec codec = new CompressionCodecFactory(spark.sparkContext().hadoopConfiguration()).getCodec(path);
        InputStream raw = fs.open(path);
        return new BufferedReader(new InputStreamReader(codec == null ? raw : codec.createInputStream(raw),
                StandardCharsets.UTF_8));
    }

    private static String[] cells(String content) {
        String[] c = content.split(String.valueOf(CELL), -1);
        for (int i = 0; i < c.length; i++) {
            c[i] = c[i].equals(String.valueOf(NULL)) ? null : c[i];
        }
        return c;
    }

    private static boolean matches(String[] got, String[] want) {
        if (got == null || got.length != want.length) {
            return false;
        }
        for (int i = 0; i < got.length; i++) {
            if (!Objects.equals(blankToNull(got[i]), blankToNull(want[i])) && !sameNumber(got[i], want[i])) {
                return false;
            }
        }
        return true;
    }

    /** A typed reader keeps a number, not its text: "2" in the file is the 2.0 of a bad row. */
    private static boolean sameNumber(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        try {
            return Double.compare(Double.parseDouble(a.strip()), Double.parseDouble(b.strip())) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** The settings Spark's CSV reader uses for sparkfit's options (header, quote ", escape ", trimmed). */
    static CsvParser parser() {
        CsvParserSettings s = new CsvParserSettings();
        s.getFormat().setDelimiter(',');
        s.getFormat().setQuote('"');
        s.getFormat().setQuoteEscape('"');
        s.getFormat().setComment('\0');
        s.setIgnoreLeadingWhitespaces(true);
        s.setIgnoreTrailingWhitespaces(true);
        s.setMaxColumns(20480);
        s.setMaxCharsPerColumn(-1);
        s.setNullValue(null);
        s.setEmptyValue(null);
        return new CsvParser(s);
    }
}
