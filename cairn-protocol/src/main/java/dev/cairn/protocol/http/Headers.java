package dev.cairn.protocol.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The header fields of an HTTP message as a case-insensitive multimap: names are kept lower-cased, and
 * the values of a repeated field keep their order. Mutable while a request is being assembled; treat it
 * as read-only afterwards.
 */
public final class Headers {
    private final Map<String, List<String>> fields = new LinkedHashMap<>();

    /** Adds a value for {@code name}, after any values already present. */
    public Headers add(String name, String value) {
        fields.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
                .add(value);
        return this;
    }

    /** Replaces every value of {@code name} with {@code value}. */
    public Headers set(String name, String value) {
        List<String> values = new ArrayList<>(1);
        values.add(value);
        fields.put(name.toLowerCase(Locale.ROOT), values);
        return this;
    }

    /** Returns the first value of {@code name}, or null when absent. */
    public @Nullable String first(String name) {
        List<String> values = fields.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Returns every value of {@code name} in order; empty when absent. */
    public List<String> all(String name) {
        List<String> values = fields.get(name.toLowerCase(Locale.ROOT));
        return values == null ? List.of() : Collections.unmodifiableList(values);
    }

    public boolean contains(String name) {
        return fields.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** Returns the lower-cased names present, in insertion order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(fields.keySet());
    }

    @Override
    public String toString() {
        // Values are left out on purpose: they carry signatures and session tokens.
        return "Headers" + fields.keySet();
    }
}
