package dev.cairn.trail.validation;

/**
 * A failure that ends a validation before its end, as it ends {@code aws cloudtrail validate-logs} with exit
 * code 255: no public keys for the range, or a bucket that cannot be read. The message is the one to print.
 */
public final class ValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ValidationException(String message) {
        super(message);
    }

    public ValidationException(String message, Throwable cause) {
        super(message, cause);
    }
}
