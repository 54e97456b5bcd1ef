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

    /**
     * Returns an exception of this code with the given message and extra members, such as Organizations'
     * {@code Reason}; the JSON protocols send them next to the message.
     */
    default AwsException withMessage(String message, java.util.Map<String, String> members) {
        return new AwsException(this, message, members);
    }

    /** Returns an exception of this code with a formatted message. */
    default AwsException format(String template, Object... args) {
        return new AwsException(this, String.format(java.util.Locale.ROOT, template, args));
    }
}
