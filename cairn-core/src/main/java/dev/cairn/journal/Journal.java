package dev.cairn.journal;

import java.util.List;
import java.util.Optional;

/**
 * The durable, append-only record of Cairn's events: every event is appended, and durable, before its
 * call is answered, and consumers (history, trail delivery, ...) read it from positions they commit
 * here. Records are opaque bytes, each appended with a partition key, the account ID, by which a
 * partitioned implementation spreads them; records with the same key stay in one partition, in append
 * order.
 *
 * <p>Contract, checked for every implementation by {@code JournalCompatibilityKit}:
 *
 * <ul>
 *   <li>{@link #append} blocks until its records are durable, and returns their offsets, which increase
 *       in append order within a partition. Many threads may append at once; an implementation shares
 *       one sync among them (group commit). Callers run on virtual threads, so blocking is cheap.
 *   <li>If {@code append} throws {@link JournalException}, none of its records is acknowledged, and no
 *       reader of this process sees them; records acknowledged before are not affected, and a later append
 *       succeeds once the cause (a full disk, an unreachable broker) is gone. Records whose append did
 *       not return before a crash may or may not be found after it; consumers tolerate such records,
 *       since every event carries a unique ID.
 *   <li>Every record whose append returned survives a close and reopen, and a crash of the process or
 *       the machine.
 *   <li>A consumer's committed position survives a reopen and a crash once {@link #commit} returned.
 * </ul>
 *
 * <p>Consumer names are 1 to 100 characters from {@code A-Z a-z 0-9 . _ -}.
 */
public interface Journal extends AutoCloseable {

    /**
     * Appends one record and returns once it is durable.
     *
     * @throws JournalException when the record cannot be made durable; it is not acknowledged
     * @throws IllegalArgumentException when the key or the record is longer than the implementation takes
     * @throws IllegalStateException when the journal is closed
     */
    JournalOffset append(String partitionKey, byte[] record);

    /**
     * Appends records under one partition key, in order and next to each other in their partition, and
     * returns once all of them are durable, with their offsets in the order of {@code records}. The
     * arrays are copied before this returns; the caller may reuse them.
     *
     * @throws JournalException when the records cannot be made durable; none of them is acknowledged
     * @throws IllegalArgumentException when the key or a record is longer than the implementation takes
     * @throws IllegalStateException when the journal is closed
     */
    List<JournalOffset> append(String partitionKey, List<byte[]> records);

    /**
     * Opens a reader that returns the acknowledged records at and after {@code from}, then waits for more.
     *
     * @throws IllegalArgumentException when {@code from} cannot be a position of this journal, such as an
     *     offset after its end or a partition it does not have
     */
    JournalReader reader(JournalPosition from);

    /** Returns the position after every acknowledged record: a reader opened there sees only new records. */
    JournalPosition end();

    /**
     * Durably records {@code position} as where the consumer {@code consumer} continues, replacing the
     * position it committed before.
     *
     * @throws JournalException when the position cannot be stored durably; the earlier one is kept
     * @throws IllegalArgumentException when {@code consumer} is not a valid consumer name, or the position
     *     is not one of this journal
     */
    void commit(String consumer, JournalPosition position);

    /**
     * Durably removes the position {@code consumer} committed, so that it no longer holds back retention;
     * a consumer that never committed is ignored. Used when a consumer goes away for good, such as the
     * delivery of a deleted trail.
     *
     * @throws JournalException when the position cannot be removed durably; it is kept then
     * @throws IllegalArgumentException when {@code consumer} is not a valid consumer name
     */
    void forget(String consumer);

    /** Returns the position {@code consumer} last committed, if it committed one since the last clear. */
    Optional<JournalPosition> committed(String consumer);

    /**
     * Removes every record and every committed position, durably. Offsets are not reused: records
     * appended afterwards get higher offsets than any handed out before. Used by the test-suite reset
     * endpoint.
     *
     * @throws JournalException when the journal cannot be cleared; it then holds what it held before
     */
    void clear();

    /** Returns the counters of this journal since it was opened. */
    JournalStats stats();

    /**
     * Closes the journal: appends already waiting finish first, later ones throw
     * {@link IllegalStateException}. Idempotent; every acknowledged record was already durable.
     */
    @Override
    void close();
}
