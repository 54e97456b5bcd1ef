package dev.cairn.cli.events;

import static java.util.Objects.requireNonNull;

/**
 * An error answer of the server to LookupEvents, after any retries: the AWS error code (such as
 * {@code InvalidTimeRangeException}), its message and the HTTP status.
 */
final class AwsErrorException extends Exception {
    private final String code;
    private final String awsMessage;
    private final int status;

    AwsErrorException(String code, String awsMessage, int status) {
        super(code + ": " + awsMessage + " (HTTP " + status + ")");
        this.code = requireNonNull(code, "code is null");
        this.awsMessage = requireNonNull(awsMessage, "awsMessage is null");
        this.status = status;
    }

    /** Returns the AWS error code, such as {@code ThrottlingException}. */
    String code() {
        return code;
    }

    /** Returns the message the server gave, without the code. */
    String awsMessage() {
        return awsMessage;
    }

    int status() {
        return status;
    }

    /** Whether AWS clients retry this error: throttling, and a server that is briefly unavailable. */
    boolean retryable() {
        return status == 503
                || status == 429
                || code.equals("ThrottlingException")
                || code.equals("Throttling")
                || code.equals("TooManyRequestsException")
                || code.equals("RequestLimitExceeded");
    }
}
