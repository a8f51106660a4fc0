package dev.sparkfit.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The one JSON mapper: Jackson's defaults (fields in declaration or insertion order, doubles as Java
 * prints them). A configured mapper is thread-safe; callers that read strictly or leniently take a
 * reader from it with their features rather than a mapper of their own.
 */
public final class Json {

    /** Compact: one line, as events.jsonl and the commands' last stdout line need. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    /** Indented, as the run directory's JSON files are written. */
    public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {
    }

    /** {@code value} as indented JSON. */
    public static String pretty(Object value) throws JsonProcessingException {
        return PRETTY.writeValueAsString(value);
    }
}
