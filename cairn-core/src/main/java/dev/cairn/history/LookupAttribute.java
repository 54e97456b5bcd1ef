package dev.cairn.history;

import static java.util.Objects.requireNonNull;

/**
 * The one attribute a lookup matches: events whose {@link HistoryFields#values} for {@code key} contain
 * {@code value} exactly (case-sensitive).
 */
public record LookupAttribute(LookupAttributeKey key, String value) {

    /**
     * The longest value LookupEvents accepts, in characters; values an event has that are longer are not
     * looked up (see {@link HistoryFields#values}).
     */
    public static final int MAX_VALUE_LENGTH = 2000;

    public LookupAttribute {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
    }
}
