package dev.cairn.trail.validation;

/**
 * What a {@link LogValidator} reports while it works, in the order validate-logs prints it: each digest, then
 * the log files it lists, the gaps between chains, and at the end the log files that no digest lists. Every
 * method does nothing unless overridden. Calls come from the thread that runs the validation.
 */
public interface ValidationListener {

    /** A listener that ignores everything. */
    ValidationListener NONE = new ValidationListener() {};

    /**
     * Called once, before any digest is read, with how many digest keys of the range the trail's bucket
     * holds: the digests the validation expects to check.
     */
    default void digestsListed(int standard, int backfill) {}

    /** Called when a digest has been checked. */
    default void digestChecked(DigestResult result) {}

    /** Called when a log file has been checked. */
    default void logFileChecked(LogFileResult result) {}

    /**
     * Called when a digest starts a chain (it names no previous digest) and an older digest follows: no
     * digest covers the time between them.
     */
    default void gap(DigestGap gap) {}
}
