package dev.cairn.bucket;

import static java.util.Objects.requireNonNull;

/**
 * An object with its bytes.
 *
 * @param info its description
 * @param content its bytes; the array belongs to the caller
 */
public record StoredObject(ObjectInfo info, byte[] content) {
    public StoredObject {
        requireNonNull(info, "info is null");
        requireNonNull(content, "content is null");
    }
}
