package dev.cairn.metadata.embedded;

import dev.cairn.metadata.MetadataBatch;
import dev.cairn.metadata.MetadataEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The live state of a metadata store: a sorted map of keys to values per table, and the size that state
 * takes as log records. Not thread-safe: {@link LogMetadataStore} guards it. Stored arrays are never
 * changed, and callers get copies.
 */
final class Tables {

    /** Visits one stored entry. */
    @FunctionalInterface
    interface EntryVisitor {
        void visit(String table, String key, byte[] value);
    }

    private final Map<String, NavigableMap<String, byte[]>> tables = new HashMap<>();
    private long liveBytes;

    boolean contains(String table, String key) {
        NavigableMap<String, byte[]> entries = tables.get(table);
        return entries != null && entries.containsKey(key);
    }

    /** Returns a copy of the value stored under {@code key}, or null. */
    byte @Nullable [] get(String table, String key) {
        NavigableMap<String, byte[]> entries = tables.get(table);
        byte[] value = entries == null ? null : entries.get(key);
        return value == null ? null : value.clone();
    }

    /** Returns copies of the entries whose keys start with {@code prefix}, ordered by key. */
    List<MetadataEntry> list(String table, String prefix) {
        NavigableMap<String, byte[]> entries = tables.get(table);
        if (entries == null) {
            return List.of();
        }
        List<MetadataEntry> found = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : entries.tailMap(prefix, true).entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                break;
            }
            found.add(new MetadataEntry(entry.getKey(), entry.getValue().clone()));
        }
        return found;
    }

    /**
     * Applies puts and deletes in order. The values of the puts are stored as they are, so the caller must
     * own them and never change them.
     */
    void apply(List<MetadataBatch.Step> changes) {
        for (MetadataBatch.Step change : changes) {
            switch (change) {
                case MetadataBatch.Put put -> {
                    byte[] old = tables.computeIfAbsent(put.table(), t -> new TreeMap<>())
                            .put(put.key(), put.value());
                    liveBytes += LogFormat.putSize(put.table(), put.key(), put.value().length);
                    if (old != null) {
                        liveBytes -= LogFormat.putSize(put.table(), put.key(), old.length);
                    }
                }
                case MetadataBatch.Delete delete -> {
                    NavigableMap<String, byte[]> entries = tables.get(delete.table());
                    byte[] old = entries == null ? null : entries.remove(delete.key());
                    if (old != null) {
                        liveBytes -= LogFormat.putSize(delete.table(), delete.key(), old.length);
                        if (entries.isEmpty()) {
                            tables.remove(delete.table());
                        }
                    }
                }
                default -> throw new IllegalArgumentException("only puts and deletes change tables, got " + change);
            }
        }
    }

    void clear() {
        tables.clear();
        liveBytes = 0;
    }

    /** Returns the bytes the live entries take as puts in log records. */
    long liveBytes() {
        return liveBytes;
    }

    /** Visits every entry, table by table, each table in key order. */
    void forEach(EntryVisitor visitor) {
        tables.forEach((table, entries) -> entries.forEach((key, value) -> visitor.visit(table, key, value)));
    }
}
