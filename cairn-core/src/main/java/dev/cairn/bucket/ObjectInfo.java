package dev.cairn.bucket;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An object's description: everything but its bytes.
 *
 * @param key the object's key
 * @param size its length in bytes
 * @param lastModified when it was last put
 * @param etag the quoted lowercase hex MD5 of its bytes, as S3 gives it for single-part objects
 * @param attributes the content type, encoding and user metadata it was put with
 */
public record ObjectInfo(String key, long size, Instant lastModified, String etag, ObjectAttributes attributes) {
    public ObjectInfo {
        requireNonNull(key, "key is null");
        requireNonNull(lastModified, "lastModified is null");
        requireNonNull(etag, "etag is null");
        requireNonNull(attributes, "attributes is null");
    }
}
