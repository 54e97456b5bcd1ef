package dev.cairn.bucket;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of keys from {@link ObjectStore#list}.
 *
 * @param objects the objects of the page, in key order
 * @param commonPrefixes the rolled-up prefixes of the page, in order, when a delimiter was given
 * @param truncated whether more keys follow
 * @param nextStartAfter when truncated, the last key or common prefix of this page, from which the next
 *     page continues; null otherwise
 */
public record ObjectListing(
        List<ObjectInfo> objects,
        List<String> commonPrefixes,
        boolean truncated,
        @Nullable String nextStartAfter) {
    public ObjectListing {
        objects = List.copyOf(objects);
        commonPrefixes = List.copyOf(commonPrefixes);
    }
}
