package dev.cairn.journal;

/**
 * Thrown when a journal cannot make records durable, or cannot read or store what it was asked to: the
 * disk is full, an I/O error occurred, or the broker is unreachable. Records whose append threw are not
 * acknowledged; records acknowledged earlier are not affected, and a later call may succeed once the
 * cause is gone.
 */
public final class JournalException extends RuntimeException {
    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }

    public JournalException(String message) {
        super(message);
    }
}
