package dev.cairn.history;

/**
 * Thrown when an event store cannot read or write what it was asked to: an I/O error, a full disk, or an
 * unreachable database. What the failed call would have changed may be partly done; the calls of
 * {@link EventStore} are safe to retry.
 */
public final class EventStoreException extends RuntimeException {
    public EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public EventStoreException(String message) {
        super(message);
    }
}
