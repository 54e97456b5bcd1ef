package dev.cairn.metadata;

/** Thrown by {@link MetadataStore#apply} when a condition of the batch does not hold. */
public final class MetadataConflictException extends RuntimeException {
    private final MetadataBatch.Step failed;

    public MetadataConflictException(MetadataBatch.Step failed) {
        super("condition " + failed + " does not hold");
        this.failed = failed;
    }

    /** Returns the first condition that did not hold. */
    public MetadataBatch.Step failed() {
        return failed;
    }
}
