package dev.cairn.bucket;

/** The failures of an {@link ObjectStore} that a caller can act on, each named by its S3 error code. */
public enum ObjectStoreError {
    NO_SUCH_BUCKET("NoSuchBucket"),
    NO_SUCH_KEY("NoSuchKey"),
    BUCKET_ALREADY_EXISTS("BucketAlreadyExists"),
    BUCKET_ALREADY_OWNED_BY_YOU("BucketAlreadyOwnedByYou"),
    BUCKET_NOT_EMPTY("BucketNotEmpty"),
    INVALID_BUCKET_NAME("InvalidBucketName"),
    ACCESS_DENIED("AccessDenied"),
    /** The store could not do what was asked: a full disk, an I/O error, an unreachable endpoint. */
    INTERNAL_ERROR("InternalError");

    private final String s3Code;

    ObjectStoreError(String s3Code) {
        this.s3Code = s3Code;
    }

    /** Returns the S3 error code, such as {@code NoSuchKey}. */
    public String s3Code() {
        return s3Code;
    }
}
