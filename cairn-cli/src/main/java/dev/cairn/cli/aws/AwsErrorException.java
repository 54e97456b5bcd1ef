package dev.cairn.cli.aws;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * An error answer of the server to a CloudTrail call, after any retries: the AWS error code (such as
 * {@code InvalidTimeRangeException}), its message and the HTTP status.
 */
public final class AwsErrorException extends Exception {
    private static final String NO_MESSAGE = "(no message)";

    private final String code;
    private final @Nullable String awsMessage;
    private final int status;

    /** Creates the error; {@code awsMessage} is null when the answer had no body to take one from. */
    public AwsErrorException(String code, @Nullable String awsMessage, int status) {
        super(code + ": " + (awsMessage == null ? NO_MESSAGE : awsMessage) + " (HTTP " + status + ")");
        this.code = requireNonNull(code, "code is null");
        this.awsMessage = awsMessage;
        this.status = status;
    }

    /** Returns the AWS error code, such as {@code ThrottlingException}. */
    public String code() {
        return code;
    }

    /** Returns the message the server gave, without the code; {@code (no message)} when it gave none. */
    public String awsMessage() {
        return awsMessageOr(NO_MESSAGE);
    }

    /** Returns the message the server gave, without the code, or {@code otherwise} when it gave none. */
    public String awsMessageOr(String otherwise) {
        return awsMessage == null ? otherwise : awsMessage;
    }

    /** Returns the HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** Whether AWS clients retry this error: throttling, and a server that is briefly unavailable. */
    public boolean retryable() {
        return status == 503
                || status == 429
                || code.equals("ThrottlingException")
                || code.equals("Throttling")
                || code.equals("TooManyRequestsException")
                || code.equals("RequestLimitExceeded");
    }
}
