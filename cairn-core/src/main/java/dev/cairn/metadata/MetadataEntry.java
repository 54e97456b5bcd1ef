package dev.cairn.metadata;

import static java.util.Objects.requireNonNull;

/** One stored key and its value, as returned by {@link MetadataStore#list}. */
public record MetadataEntry(String key, byte[] value) {
    public MetadataEntry {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
    }
}
