package dev.cairn.server.s3;

import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.error.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * An S3 error as the {@code <Error>} document reports it: the code, status and message of an {@link
 * AwsException}, plus the bucket and key it concerns, which S3 adds as {@code <BucketName>} and
 * {@code <Key>}.
 */
final class S3Exception extends AwsException {
    private final @Nullable String bucketName;
    private final @Nullable String key;

    S3Exception(ErrorCode error, String message, @Nullable String bucketName, @Nullable String key) {
        super(error.code(), error.httpStatus(), message, error.httpStatus() < 500);
        this.bucketName = bucketName;
        this.key = key;
    }

    /** Wraps another AWS error (an authentication failure, say) without a bucket or key. */
    static S3Exception of(AwsException e) {
        if (e instanceof S3Exception s3) {
            return s3;
        }
        return new S3Exception(new Code(e.code(), e.httpStatus()), e.getMessage(), null, null);
    }

    /** Returns an error of a code that {@link S3Error} does not list. */
    static S3Exception of(String code, int httpStatus, String message) {
        return new S3Exception(new Code(code, httpStatus), message, null, null);
    }

    @Nullable
    String bucketName() {
        return bucketName;
    }

    @Nullable
    String key() {
        return key;
    }

    private record Code(String code, int httpStatus) implements ErrorCode {}
}
