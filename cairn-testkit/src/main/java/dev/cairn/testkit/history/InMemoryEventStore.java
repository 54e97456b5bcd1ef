package dev.cairn.testkit.history;

import static java.util.Objects.requireNonNull;

import dev.cairn.event.AuditEvent;
import dev.cairn.history.EventStore;
import dev.cairn.history.EventStoreException;
import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryFields;
import dev.cairn.history.LookupAttribute;
import dev.cairn.history.LookupCursor;
import dev.cairn.history.LookupQuery;
import dev.cairn.history.LookupResult;
import dev.cairn.history.StoredEvent;
import dev.cairn.journal.JournalPosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EventStore} held in memory, for unit tests of the code that fills or reads event history. It
 * passes the {@link EventStoreCompatibilityKit}, except that nothing survives the process:
 * {@link #restart()} returns a new instance on the same events and committed position, as a restart of the
 * process would (everything appended survives, as after a clean close). {@link #failWrites(boolean)} makes
 * it fail the way a full disk does; {@link #holdCommits()} makes commits wait, as a slow sync does.
 */
public final class InMemoryEventStore implements EventStore {

    /** Newest first; events of one second, the later appended first. */
    private static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::timeSeconds)
            .thenComparingLong(Entry::sequence)
            .reversed();

    /** Stands in for the event of an {@link Entry} that only marks a place in the order. */
    private static final StoredEvent PLACEHOLDER = new StoredEvent(
            AuditEvent.builder()
                    .eventTime(Instant.EPOCH)
                    .eventID("placeholder")
                    .awsRegion("none")
                    .eventType(HistoryFields.INSIGHT_EVENT_TYPE)
                    .build(),
            new byte[0]);

    /** One stored event, with what lookups match it by. */
    private record Entry(
            long timeSeconds, long sequence, String accountId, String region, boolean insight, StoredEvent stored) {}

    /** The state that survives a restart. */
    private static final class Storage {
        final ReentrantLock lock = new ReentrantLock();
        final NavigableSet<Entry> entries = new TreeSet<>(ORDER);
        final Map<String, Entry> byEventId = new HashMap<>();
        long nextSequence = 1;

        @Nullable
        JournalPosition committed;

        boolean failing;
    }

    private final Storage storage;
    private boolean closed;

    /** Commits wait until this opens; open unless {@link #holdCommits()} closed it. */
    private volatile CountDownLatch commitGate = new CountDownLatch(0);

    public InMemoryEventStore() {
        this(new Storage());
    }

    private InMemoryEventStore(Storage storage) {
        this.storage = storage;
    }

    /** Returns a new instance on the same events and committed position, as after a restart. */
    public InMemoryEventStore restart() {
        return new InMemoryEventStore(storage);
    }

    /** Makes every append, delete, commit and clear throw {@link EventStoreException} while true. */
    public void failWrites(boolean failing) {
        storage.lock.lock();
        try {
            storage.failing = failing;
        } finally {
            storage.lock.unlock();
        }
    }

    /**
     * Makes every commit from now on wait, outside the store's lock (appends and lookups go on), until the
     * returned latch is counted down.
     */
    public CountDownLatch holdCommits() {
        CountDownLatch gate = new CountDownLatch(1);
        commitGate = gate;
        return gate;
    }

    /** Returns how many events are stored, for tests. */
    public int size() {
        storage.lock.lock();
        try {
            return storage.entries.size();
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public void append(List<StoredEvent> events) {
        requireNonNull(events, "events is null");
        storage.lock.lock();
        try {
            checkWritable();
            for (int i = 0; i < events.size(); i++) {
                StoredEvent stored = requireNonNull(events.get(i), "events[" + i + "] is null");
                AuditEvent event = stored.event();
                if (storage.byEventId.containsKey(event.eventID())) {
                    continue;
                }
                String account = HistoryFields.accountId(event);
                Entry entry = new Entry(
                        event.eventTime().getEpochSecond(),
                        storage.nextSequence++,
                        account == null ? "" : account,
                        event.awsRegion(),
                        HistoryFields.isInsight(event),
                        stored);
                storage.entries.add(entry);
                storage.byEventId.put(event.eventID(), entry);
            }
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public LookupResult lookup(LookupQuery query) {
        requireNonNull(query, "query is null");
        storage.lock.lock();
        try {
            checkOpen();
            long start = query.startSecond();
            long end = query.endSecond();
            LookupCursor after = query.after();
            Iterable<Entry> candidates = after == null
                    ? storage.entries
                    : storage.entries.tailSet(
                            new Entry(after.eventTimeSeconds(), after.sequence(), "", "", false, PLACEHOLDER), false);
            List<HistoryEvent> page = new ArrayList<>();
            @Nullable Entry last = null;
            for (Iterator<Entry> it = candidates.iterator(); it.hasNext(); ) {
                Entry entry = it.next();
                if (entry.timeSeconds() < start) {
                    break;
                }
                if (entry.timeSeconds() > end || !matches(entry, query)) {
                    continue;
                }
                if (page.size() == query.maxResults()) {
                    return new LookupResult(page, new LookupCursor(last.timeSeconds(), last.sequence()));
                }
                page.add(HistoryEvent.of(entry.stored()));
                last = entry;
            }
            return new LookupResult(page, null);
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public long deleteBefore(Instant cutoff) {
        requireNonNull(cutoff, "cutoff is null");
        storage.lock.lock();
        try {
            checkWritable();
            long deleted = 0;
            for (Iterator<Entry> it = storage.entries.iterator(); it.hasNext(); ) {
                Entry entry = it.next();
                if (entry.stored().event().eventTime().isBefore(cutoff)) {
                    it.remove();
                    storage.byEventId.remove(entry.stored().event().eventID());
                    deleted++;
                }
            }
            return deleted;
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public void commit(JournalPosition position) {
        requireNonNull(position, "position is null");
        try {
            commitGate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventStoreException("interrupted while a held commit waited", e);
        }
        storage.lock.lock();
        try {
            checkWritable();
            storage.committed = position;
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public Optional<JournalPosition> committedPosition() {
        storage.lock.lock();
        try {
            checkOpen();
            return Optional.ofNullable(storage.committed);
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public void clear() {
        storage.lock.lock();
        try {
            checkWritable();
            storage.entries.clear();
            storage.byEventId.clear();
        } finally {
            storage.lock.unlock();
        }
    }

    /** Closes this instance; the events stay for {@link #restart()}. */
    @Override
    public void close() {
        storage.lock.lock();
        try {
            closed = true;
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "InMemoryEventStore";
    }

    private static boolean matches(Entry entry, LookupQuery query) {
        if (entry.insight() != query.insight()
                || !entry.accountId().equals(query.accountId())
                || !entry.region().equals(query.region())) {
            return false;
        }
        LookupAttribute attribute = query.attribute();
        return attribute == null
                || HistoryFields.values(entry.stored().event(), attribute.key()).contains(attribute.value());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private void checkWritable() {
        checkOpen();
        if (storage.failing) {
            throw new EventStoreException("injected failure: InMemoryEventStore.failWrites(true) was called");
        }
    }
}
