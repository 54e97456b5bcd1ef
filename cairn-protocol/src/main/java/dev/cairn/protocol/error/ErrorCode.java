package dev.cairn.protocol.error;

/**
 * An AWS error code with the HTTP status it travels with. Each service keeps its codes in one enum that
 * implements this, so that a call site names a category, never a bare string.
 */
public interface ErrorCode {
    String code();

    int httpStatus();

    /** Returns an exception of this code with the given message. */
    default AwsException withMessage(String message) {
        return new AwsException(this, message);
    }

    /** Returns an exception of this code with a formatted message. */
    default AwsException format(String template, Object... args) {
        return new AwsException(this, String.format(java.util.Locale.ROOT, template, args));
    }
}
