package dev.cairn.identity;

/**
 * A refusal by the {@link IdentityDirectory}: the named entity is missing, already exists, is still in use,
 * or a limit is reached. The message is worded as IAM words it, so that the IAM service can pass it on.
 */
public final class IdentityException extends RuntimeException {

    /** Why the directory refused. */
    public enum Reason {
        NO_SUCH_ENTITY,
        ENTITY_ALREADY_EXISTS,
        DELETE_CONFLICT,
        LIMIT_EXCEEDED
    }

    private final Reason reason;

    public IdentityException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
