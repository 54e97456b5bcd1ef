package dev.cairn.journal;

import java.time.Duration;
import java.util.List;

/**
 * A cursor over a journal's acknowledged records: it returns them in order from where it was opened, and
 * waits for new ones at the end. One reader belongs to one thread at a time; open one reader per
 * consumer. Obtain one from {@link Journal#reader}.
 *
 * <p>Records of one partition come in offset order, each once. Records of different partitions may
 * interleave in any order. A reader never returns a record whose append has not returned, nor one that
 * {@link Journal#clear()} removed before the read. When retention removed the records at the reader's
 * position, it continues with the oldest record kept.
 */
public interface JournalReader extends AutoCloseable {

    /**
     * Returns the next records, at most {@code maxRecords} of them, moving the reader past them. When none
     * is available it waits for up to {@code timeout} for one to be appended, returning as soon as there
     * is one, or an empty list when the time is up.
     *
     * @throws JournalException when the journal cannot be read, or a record is corrupt
     * @throws InterruptedException when the thread is interrupted while waiting or reading; the reader
     *     stays where it was and can be polled again
     */
    List<JournalRecord> poll(int maxRecords, Duration timeout) throws InterruptedException;

    /** Returns the position after the last record returned, from which a new reader would continue. */
    JournalPosition position();

    /** Releases the reader's files or connections. Idempotent. */
    @Override
    void close();
}
