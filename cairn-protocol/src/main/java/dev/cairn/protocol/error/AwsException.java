package dev.cairn.protocol.error;

import static java.util.Objects.requireNonNull;

/**
 * An error that a call ends with, as AWS reports it: a code such as {@code NoSuchEntity}, the HTTP status
 * that carries it, whether the caller or the service is at fault, and a message. The protocol codecs turn
 * it into the wire shape of the call's protocol.
 */
public class AwsException extends RuntimeException {
    private final String code;
    private final int httpStatus;
    private final boolean senderFault;

    public AwsException(String code, int httpStatus, String message) {
        this(code, httpStatus, message, httpStatus < 500);
    }

    public AwsException(String code, int httpStatus, String message, boolean senderFault) {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.code = requireNonNull(code, "code is null");
        this.httpStatus = httpStatus;
        this.senderFault = senderFault;
    }

    public AwsException(ErrorCode error, String message) {
        this(error.code(), error.httpStatus(), message, error.httpStatus() < 500);
    }

    /** Returns the AWS error code, for example {@code EntityAlreadyExists}. */
    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Returns true when the caller is at fault ({@code Sender}), false for the service ({@code Receiver}). */
    public boolean senderFault() {
        return senderFault;
    }
}
