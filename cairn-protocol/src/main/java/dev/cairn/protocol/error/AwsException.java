package dev.cairn.protocol.error;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An error that a call ends with, as AWS reports it: a code such as {@code NoSuchEntity}, the HTTP status
 * that carries it, whether the caller or the service is at fault, a message, and the extra members some
 * errors carry (Organizations' {@code Reason}, for one). The protocol codecs turn it into the wire shape of
 * the call's protocol.
 */
public class AwsException extends RuntimeException {
    /** Member names the JSON error shapes use themselves, so an extra member may not take them. */
    private static final Set<String> RESERVED = Set.of("__type", "message", "Message", "code", "Code");

    private final String code;
    private final int httpStatus;
    private final boolean senderFault;
    private final Map<String, String> members;

    public AwsException(String code, int httpStatus, String message) {
        this(code, httpStatus, message, httpStatus < 500);
    }

    public AwsException(String code, int httpStatus, String message, boolean senderFault) {
        this(code, httpStatus, message, senderFault, Map.of());
    }

    public AwsException(ErrorCode error, String message) {
        this(error.code(), error.httpStatus(), message, error.httpStatus() < 500);
    }

    /**
     * Creates an error with extra members, which the JSON 1.1 and REST-JSON codecs write next to the message
     * in the order given (the query protocol's shape has no room for them and leaves them out).
     *
     * @throws IllegalArgumentException when a member is named like one of the error shape's own members
     */
    public AwsException(ErrorCode error, String message, Map<String, String> members) {
        this(error.code(), error.httpStatus(), message, error.httpStatus() < 500, members);
    }

    private AwsException(
            String code, int httpStatus, String message, boolean senderFault, Map<String, String> members) {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.code = requireNonNull(code, "code is null");
        this.httpStatus = httpStatus;
        this.senderFault = senderFault;
        requireNonNull(members, "members is null");
        Map<String, String> copy = new LinkedHashMap<>();
        members.forEach((name, value) -> {
            requireNonNull(name, "member name is null");
            requireNonNull(value, () -> "value of member " + name + " is null");
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException(
                        "extra member " + name + " of " + code + " clashes with the error shape's own " + name);
            }
            copy.put(name, value);
        });
        this.members = copy.isEmpty() ? Map.of() : Collections.unmodifiableMap(copy);
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

    /** Returns the members this error carries besides its code and message, in order; usually none. */
    public Map<String, String> members() {
        return members;
    }
}
