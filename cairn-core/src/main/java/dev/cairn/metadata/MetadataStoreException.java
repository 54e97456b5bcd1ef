package dev.cairn.metadata;

/** Thrown when a metadata store cannot read or durably write; the change it was making did not happen. */
public final class MetadataStoreException extends RuntimeException {
    public MetadataStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public MetadataStoreException(String message) {
        super(message);
    }
}
