package dev.sparkfit.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads job specs from YAML, applies {@code key=value} overrides, validates and fills defaults; writes
 * resolved specs back as YAML and hashes them. Every error is one line prefixed with the spec's source.
 */
public final class SpecLoader {

    static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Pattern MARK = Pattern.compile("line \\d+, column \\d+");

    private SpecLoader() {
    }

    /** Reads the spec file, applies {@code overrides} (e.g. {@code training.epochs=5}) and validates. */
    public static JobSpec load(Path file, List<String> overrides) {
        return parse(text(file), file.toString(), overrides);
    }

    /** The spec file's text; a missing or unreadable file, or one that is not UTF-8, is a spec error. */
    static String text(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SpecException("spec file " + file + " does not exist" + (Files.exists(file) ? " as a file" : ""));
        }
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new SpecException("spec file " + file + " is not UTF-8 text (" + firstBadByte(file)
                    + "); save it as UTF-8 YAML");
        } catch (IOException e) {
            throw new SpecException("spec file " + file + " cannot be read: " + e.getMessage());
        }
        return yaml;
    }

    /** Where the first byte that is not UTF-8 is, e.g. "byte 0xff at offset 12, line 2". */
    private static String firstBadByte(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            var decoder = StandardCharsets.UTF_8.newDecoder();
            var in = java.nio.ByteBuffer.wrap(bytes);
            var out = java.nio.CharBuffer.allocate(bytes.length + 1);
            var result = decoder.decode(in, out, true);
            int at = result.isError() ? in.position() : bytes.length;
            long line = 1;
            for (int i = 0; i < at && i < bytes.length; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            return at < bytes.length ? String.format("byte 0x%02x at offset %d, line %d", bytes[at] & 0xff, at, line)
                    : "a truncated character at the end";
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** Like {@link #load}, from YAML text; {@code sourceName} prefixes errors and gives the default job name. */
    public static JobSpec parse(String yaml, String sourceName, List<String> overrides) {
        ObjectNode tree = readTree(yaml, sourceName);
        try {
            Overrides.apply(tree, overrides, YAML);
            return SpecReader.read(tree, defaultName(sourceName));
        } catch (SpecException e) {
            throw new SpecException(sourceName + ": " + e.getMessage());
        }
    }

    /**
     * The resolved spec as YAML with every default filled in; {@code parse(toYaml(s))} equals {@code s}
     * except that {@code spark.conf} values of keys naming a secret, password or token are redacted.
     */
    public static String toYaml(JobSpec spec) {
        return SpecWriter.toYaml(spec);
    }

    /** Hex SHA-256 of {@link #toYaml}: equal for equal specs, whatever the file looked like. */
    public static String hash(JobSpec spec) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(toYaml(spec).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    static ObjectNode readTree(String yaml, String sourceName) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new SpecException(sourceName + ": " + syntaxError(e));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return YAML.createObjectNode();
        }
        if (!tree.isObject()) {
            throw new SpecException(sourceName + ": the spec must be a mapping with the sections "
                    + String.join(", ", SpecReader.TOP) + " (it is " + tree + ")");
        }
        return (ObjectNode) tree;
    }

    /**
     * One line: where (the last position the YAML parser names, else the parser location), then the
     * parser's own problem lines without the source excerpts.
     */
    private static String syntaxError(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        for (Matcher m = MARK.matcher(original); m.find(); ) {
            where = " at " + m.group();
        }
        String problem = original.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .collect(Collectors.joining(" "));
        return "YAML syntax error" + where + ": " + problem;
    }

    /** The base name of the source without extension, reduced to the characters a job name may use. */
    static String defaultName(String sourceName) {
        Path fileName = Path.of(sourceName).getFileName();
        String base = fileName == null ? "" : fileName.toString();
        int dot = base.lastIndexOf('.');
        base = dot > 0 ? base.substring(0, dot) : base;
        base = base.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[._-]+", "");
        return base.isEmpty() ? "job" : base;
    }
}
