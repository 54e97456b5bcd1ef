package dev.cairn.protocol.sigv4;

import static java.util.Objects.requireNonNull;

/**
 * A request's failure to authenticate with SigV4: a {@link SigV4Failure} and an AWS-style message that
 * names the offending value and the rule it broke.
 *
 * <p>Failed authentications are cheap to provoke, so this exception records no stack trace.
 */
public final class SigV4Exception extends Exception {
    private final SigV4Failure failure;

    public SigV4Exception(SigV4Failure failure, String message) {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.failure = requireNonNull(failure, "failure is null");
    }

    /** Returns which kind of failure this is, for the caller to map to its protocol's error code. */
    public SigV4Failure failure() {
        return failure;
    }

    @Override
    public String toString() {
        return "SigV4Exception[" + failure + "]: " + getMessage();
    }
}
