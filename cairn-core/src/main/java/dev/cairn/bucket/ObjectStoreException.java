package dev.cairn.bucket;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/** A failure of an {@link ObjectStore}, with the S3 error it corresponds to. */
public final class ObjectStoreException extends RuntimeException {
    private final ObjectStoreError error;

    public ObjectStoreException(ObjectStoreError error, String message) {
        this(error, message, null);
    }

    public ObjectStoreException(ObjectStoreError error, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.error = requireNonNull(error, "error is null");
    }

    public ObjectStoreError error() {
        return error;
    }
}
