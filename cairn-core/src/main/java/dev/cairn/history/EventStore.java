package dev.cairn.history;

import static java.util.Objects.requireNonNull;

import dev.cairn.event.CloudTrailJson;
import dev.cairn.journal.JournalPosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The store of event history: the management and Insights events that LookupEvents finds, each kept under
 * its account and region ({@link HistoryFields#accountId}, {@code awsRegion}) and found by one lookup
 * attribute and an inclusive time range, newest first. It is filled by the history indexer, a consumer of
 * the journal, which passes only the events history keeps ({@link HistoryFields#isKept}). Events are
 * appended parsed ({@link #append}) or as the fields derived from their records ({@link #appendRecords});
 * the contract is the same for both.
 *
 * <p>Contract, checked for every implementation by {@code EventStoreCompatibilityKit}:
 *
 * <ul>
 *   <li>A lookup sees every event whose {@link #append} returned, on any thread.
 *   <li>An event whose eventID is already stored is ignored: appending it again changes nothing, and
 *       neither does appending it twice in one call.
 *   <li>A lookup returns only events of its account and region, only Insights events when it asks for
 *       them ({@link LookupQuery#insight()}) and no Insights events otherwise, only events whose time is
 *       within its range (both ends inclusive), and only events whose {@link HistoryFields#values} for its
 *       attribute's key contain the attribute's value exactly (case-sensitive).
 *   <li>Results are ordered by event time, newest first; events of the same second are ordered by a
 *       sequence the store gives each event as it is appended, later ones first. The order of stored
 *       events never changes, so that following {@link LookupResult#next()} from page to page returns every
 *       matching event exactly once, as long as no events are appended or deleted meanwhile.
 *   <li>{@link #commit} makes every event appended before it durable, together with the journal position
 *       it is given, and {@link #committedPosition()} returns that position, after a restart too. A
 *       consumer that resumes from it after a crash neither loses events nor, since the store ignores
 *       duplicates, adds any twice. {@link #close()} also makes appended events durable, and keeps the
 *       committed position as it was.
 * </ul>
 */
public interface EventStore extends AutoCloseable {

    /**
     * Stores {@code events}, ignoring those whose eventID is already stored; once this returns, lookups
     * see them. They are durable once {@link #commit} or {@link #close()} returns.
     *
     * @throws EventStoreException when the events cannot be stored; a retry of the same call is safe
     */
    void append(List<StoredEvent> events);

    /**
     * Stores the events {@code records} hold, as {@link #append} stores them: the same events are found,
     * shown and ignored as duplicates as when their parsed records are appended. A store may index the
     * derived fields without parsing the records; this default parses each record and calls
     * {@link #append}.
     *
     * @throws IllegalArgumentException when a record is not a CloudTrail record
     * @throws EventStoreException when the events cannot be stored; a retry of the same call is safe
     */
    default void appendRecords(List<HistoryRecord> records) {
        requireNonNull(records, "records is null");
        List<StoredEvent> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            HistoryRecord record = requireNonNull(records.get(i), "records[" + i + "] is null");
            events.add(new StoredEvent(CloudTrailJson.parse(record.json()), record.json()));
        }
        append(events);
    }

    /**
     * Returns the first {@link LookupQuery#maxResults()} events that match {@code query}, newest first,
     * starting after {@link LookupQuery#after()} when it is set, and a cursor to the next page when more
     * events match.
     *
     * @throws EventStoreException when the store cannot be read
     */
    LookupResult lookup(LookupQuery query);

    /**
     * Deletes every event whose time is before {@code cutoff}, for retention, and returns how many it
     * deleted. Lookups stop seeing them when this returns.
     *
     * @throws EventStoreException when the events cannot be deleted
     */
    long deleteBefore(Instant cutoff);

    /**
     * Makes every event appended so far durable, and records {@code position} as the journal position up
     * to which the consumer filling this store has appended what it read, atomically with those events.
     *
     * @throws EventStoreException when the commit cannot be made durable; the committed position stays the
     *     one before
     */
    void commit(JournalPosition position);

    /** Returns the position last passed to {@link #commit}, if any, as of the last commit or close. */
    Optional<JournalPosition> committedPosition();

    /**
     * Deletes every event, durably. The committed position is kept: clearing the history does not make
     * its consumer read the journal again. Used by the test-suite reset endpoint.
     *
     * @throws EventStoreException when the store cannot be cleared
     */
    void clear();

    /**
     * Makes every appended event durable and releases the store's files. Idempotent; calls other than
     * {@code close} afterwards throw {@link IllegalStateException}.
     */
    @Override
    void close();
}
