package dev.cairn.bucket;

import org.jspecify.annotations.Nullable;

/**
 * One page request of {@link ObjectStore#list}, with S3's ListObjects semantics.
 *
 * @param prefix only keys that start with it, or null for all
 * @param delimiter when set, keys with the delimiter after the prefix are rolled up into common prefixes
 * @param startAfter only keys (and common prefixes) strictly after it, or null to start at the first
 * @param maxKeys at most this many keys plus common prefixes, from 1 to 1000
 */
public record ListRequest(
        @Nullable String prefix,
        @Nullable String delimiter,
        @Nullable String startAfter,
        int maxKeys) {
    public ListRequest {
        if (maxKeys < 1 || maxKeys > 1000) {
            throw new IllegalArgumentException("maxKeys " + maxKeys + " must be from 1 to 1000");
        }
    }

    /** Every key, from the first, a page of 1000. */
    public static ListRequest all() {
        return new ListRequest(null, null, null, 1000);
    }
}
