package dev.sparkfit.config;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** An enum constant with a YAML word; shared lookup for the enums of the spec. */
interface Keyed {

    /** The word used in YAML for this constant. */
    String key();

    /** Default YAML word of a constant: its lower-case name. */
    static String lower(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** Finds the constant whose word is {@code value} (case-insensitive), or fails naming the key path. */
    static <E extends Enum<E> & Keyed> E parse(Class<E> type, String keyPath, String value) {
        String wanted = value == null ? "" : value.trim();
        for (E constant : type.getEnumConstants()) {
            if (constant.key().equalsIgnoreCase(wanted)) {
                return constant;
            }
        }
        throw new SpecException(keyPath + ": '" + value + "' is not one of " + words(type));
    }

    /** The YAML words of all constants, comma separated. */
    static <E extends Enum<E> & Keyed> String words(Class<E> type) {
        return Stream.of(type.getEnumConstants()).map(Keyed::key).collect(Collectors.joining(", "));
    }
}
