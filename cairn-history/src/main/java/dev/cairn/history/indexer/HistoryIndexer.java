package dev.cairn.history.indexer;

import static java.util.Objects.requireNonNull;

import dev.cairn.history.EventStore;
import dev.cairn.history.HistoryFields;
import dev.cairn.history.HistoryRecord;
import dev.cairn.history.LookupQuery;
import dev.cairn.history.LookupResult;
import dev.cairn.journal.Journal;
import dev.cairn.journal.JournalPosition;
import dev.cairn.journal.JournalReader;
import dev.cairn.journal.JournalRecord;
import dev.cairn.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal consumer that fills event history: one thread reads every record of the journal, reads from
 * it the fields history derives ({@link HistoryRecordScanner}, without parsing the whole record), keeps the
 * events history keeps ({@link HistoryFields#isKept}) and appends them to an {@link EventStore} in batches
 * ({@link EventStore#appendRecords}); it commits the store together with the journal position its events cover, and then the
 * journal's consumer position {@value #CONSUMER}. It also deletes events older than the retention, at start
 * and then periodically.
 *
 * <p>LookupEvents reads through it, so that an event is found as soon as its call was answered and never
 * once it is older than the retention:
 *
 * <pre>{@code
 * JournalPosition end = journal.end();                 // every call answered so far is in the journal
 * if (!indexer.awaitIndexed(end, Duration.ofSeconds(5))) { ... history is behind: answer anyway, or fail }
 * LookupResult page = indexer.lookup(query);           // the store's answer, limited to the retention
 * }</pre>
 *
 * <p>After a crash it resumes from the position committed with the store: events appended to the store
 * but not committed are gone with the crash and are read again, so none is lost and none is added twice.
 * When the store has no committed position (a new or deleted index), it reads the journal from its oldest
 * record, rebuilding the history the journal still holds.
 *
 * <p>Counters for metrics: {@link #indexedEvents()}, {@link #skippedEvents()} (data and network-activity
 * events, dropped on purpose), {@link #failedRecords()} (records that could not be read or placed, not
 * dropped on purpose), {@link #storeFailures()}, {@link #deletedEvents()} and {@link #lag()}.
 */
public final class HistoryIndexer implements AutoCloseable {

    /*
     * Notes
     * -----
     * Threads. Only the indexer thread reads the journal and writes to the store, so batches, commits and
     * retention never overlap. Other threads call awaitIndexed, lookup and the counters; they see
     * `indexed`, the position up to which every record has been appended to the store (or skipped),
     * published under `lock` with a signal to the waiters.
     *
     * Ordering of commits. The store is committed first, with the position; then the journal. A crash in
     * between leaves the journal's position behind the store's, which is harmless: the indexer resumes
     * from the store's. The journal's position serves operators and journal retention.
     *
     * Stopping. close() sets `stopping` and waits for the thread, which appends and commits what it read
     * and ends. The thread is never interrupted: an interrupt during a write closes Lucene's file channels.
     * The thread waits in journal polls of at most POLL_WAIT, so it notices within that time.
     */

    /** The consumer name under which the journal keeps the indexer's position. */
    public static final String CONSUMER = "history";

    private static final Logger log = LoggerFactory.getLogger(HistoryIndexer.class);

    private static final Duration POLL_WAIT = Duration.ofMillis(100);

    private final Journal journal;
    private final EventStore store;
    private final Clock clock;
    private final HistoryIndexerConfig config;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private volatile JournalPosition indexed = JournalPosition.beginning();
    private volatile @Nullable Thread thread;
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile boolean closed;

    private final AtomicLong indexedEvents = new AtomicLong();
    private final AtomicLong skippedEvents = new AtomicLong();
    private final AtomicLong failedRecords = new AtomicLong();
    private final AtomicLong storeFailures = new AtomicLong();
    private final AtomicLong deletedEvents = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();

    /**
     * Runs the commits the indexer thread starts, so that it goes on appending while an index commit syncs
     * its files: lookups wait for the indexer to reach the journal's end (read-your-writes), and a commit
     * that syncs merged segments takes a few hundred milliseconds.
     */
    private final ExecutorService committer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("cairn-history-commit").daemon(true).factory());

    /** The position of the last commit that completed; written by the committer, read by the indexer. */
    private volatile @Nullable JournalPosition lastCommitted;

    // Owned by the indexer thread.
    private @Nullable Future<?> commitInFlight;
    private long appendedSinceCommit;
    private long lastCommitNanos;
    private long lastRetentionNanos;

    /**
     * Returns an indexer of {@code journal} into {@code store}, not yet started. The caller keeps owning
     * both: {@link #close()} closes neither.
     */
    public HistoryIndexer(Journal journal, EventStore store, Clock clock, HistoryIndexerConfig config) {
        this.journal = requireNonNull(journal, "journal is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.config = requireNonNull(config, "config is null");
    }

    /**
     * Deletes the events older than the retention, opens a journal reader where the store's committed
     * position says, and starts the indexer thread.
     *
     * @throws IllegalStateException if it was started before
     * @throws dev.cairn.history.EventStoreException when the store cannot be read or the retention applied
     */
    public void start() {
        lock.lock();
        try {
            if (started || closed) {
                throw new IllegalStateException(this + " was started or closed before; start it once");
            }
            started = true;
        } finally {
            lock.unlock();
        }
        applyRetention();
        JournalPosition from = resumePosition();
        JournalReader reader = openReader(from);
        lastCommitted = store.committedPosition().orElse(null);
        lastCommitNanos = clock.monotonicNanos();
        publish(reader.position());
        Thread indexer =
                Thread.ofPlatform().name("cairn-history-indexer").daemon(true).unstarted(() -> run(reader));
        thread = indexer;
        indexer.start();
    }

    /**
     * Waits until every journal record before {@code target} is searchable (or was skipped), for at most
     * {@code timeout}, and returns whether it is. Returns at once when it already is.
     *
     * @throws IllegalStateException if the indexer was not started, or is closed
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean awaitIndexed(JournalPosition target, Duration timeout) throws InterruptedException {
        requireNonNull(target, "target is null");
        requireNonNull(timeout, "timeout is null");
        if (!started || closed) {
            throw new IllegalStateException(this + " is not running: start it before waiting on it");
        }
        if (indexed.isAtOrAfter(target)) {
            return true;
        }
        long left = timeout.isNegative() ? 0 : TimeUnit.NANOSECONDS.convert(timeout);
        lock.lockInterruptibly();
        try {
            while (!indexed.isAtOrAfter(target)) {
                if (left <= 0 || closed) {
                    return false;
                }
                left = advanced.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Looks {@code query} up in the store, never returning events older than the retention: the query's
     * start is moved to now minus the retention when it is earlier.
     */
    public LookupResult lookup(LookupQuery query) {
        requireNonNull(query, "query is null");
        Instant oldest = clock.now().minus(config.retention());
        LookupQuery limited = query.startInclusive().isBefore(oldest) ? query.withStart(oldest) : query;
        return store.lookup(limited);
    }

    /** The position up to which every journal record has been appended to the store or skipped. */
    public JournalPosition indexedPosition() {
        return indexed;
    }

    /** Events appended to the store since start, duplicates the store ignored included. */
    public long indexedEvents() {
        return indexedEvents.get();
    }

    /** Events not kept on purpose since start: data and network-activity events. */
    public long skippedEvents() {
        return skippedEvents.get();
    }

    /**
     * Records dropped since start that should have been kept: not a CloudTrail record, without an
     * account, or refused by the store.
     */
    public long failedRecords() {
        return failedRecords.get();
    }

    /** Failed attempts to append to or commit the store since start; each is retried. */
    public long storeFailures() {
        return storeFailures.get();
    }

    /** Events deleted for retention since start. */
    public long deletedEvents() {
        return deletedEvents.get();
    }

    /** Commits of the store since start. */
    public long commits() {
        return commits.get();
    }

    /**
     * How far the indexer is behind the journal's end, summed over partitions, in the journal's offset
     * units: bytes for the embedded journal, records for a partitioned one. Zero when caught up.
     */
    public long lag() {
        JournalPosition end = journal.end();
        JournalPosition at = indexed;
        long lag = 0;
        for (Map.Entry<Integer, Long> partition : end.offsets().entrySet()) {
            lag += Math.max(0, partition.getValue() - at.next(partition.getKey()));
        }
        return lag;
    }

    /**
     * Stops the indexer thread after it appended and committed what it read, and waits for it. Closes
     * neither the journal nor the store. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            stopping = true;
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
        Thread running = thread;
        if (running != null) {
            boolean interrupted = false;
            while (running.isAlive()) {
                try {
                    running.join();
                } catch (InterruptedException e) {
                    interrupted = true; // keep waiting: the thread must finish its commit
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "HistoryIndexer[" + store + "]";
    }

    // the indexer thread

    private void run(JournalReader reader) {
        List<HistoryRecord> batch = new ArrayList<>();
        JournalPosition read = reader.position();
        long batchStart = 0;
        try {
            while (!stopping) {
                try {
                    maybeApplyRetention();
                    int room = config.batchSize() - batch.size();
                    List<JournalRecord> records = reader.poll(room, batch.isEmpty() ? pollWait() : Duration.ZERO);
                    if (batch.isEmpty() && !records.isEmpty()) {
                        batchStart = clock.monotonicNanos();
                    }
                    for (JournalRecord record : records) {
                        HistoryRecord event = keep(record);
                        if (event != null) {
                            batch.add(event);
                        }
                    }
                    read = reader.position();
                    boolean drained = records.size() < room;
                    boolean full = batch.size() >= config.batchSize();
                    boolean late = !batch.isEmpty()
                            && clock.monotonicNanos() - batchStart
                                    >= config.maxBatchDelay().toNanos();
                    if (drained || full || late) {
                        appendAndPublish(batch, read);
                    }
                    maybeCommit(false);
                } catch (InterruptedException e) {
                    log.warn("The history indexer was interrupted; it keeps running until closed");
                } catch (RuntimeException e) {
                    storeFailures.incrementAndGet();
                    log.error(
                            "The history indexer failed at journal position {}; it retries in {}",
                            read.encode(),
                            config.retryDelay(),
                            e);
                    pause(config.retryDelay());
                }
            }
            try {
                appendAndPublish(batch, read);
                maybeCommit(true);
            } catch (RuntimeException | InterruptedException e) {
                storeFailures.incrementAndGet();
                log.error(
                        "The history indexer could not store or commit its last events when closed; they are read"
                                + " from the journal again at the next start, from position {}",
                        lastCommitted == null ? "(beginning)" : lastCommitted.encode(),
                        e);
            }
        } finally {
            committer.shutdown();
            reader.close();
            lock.lock();
            try {
                advanced.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Returns the event {@code record} holds if history keeps it; counts it as skipped or failed if not. */
    private @Nullable HistoryRecord keep(JournalRecord record) {
        HistoryRecord event;
        try {
            event = HistoryRecordScanner.scan(record.payload());
        } catch (IllegalArgumentException e) {
            failedRecords.incrementAndGet();
            log.warn(
                    "Journal record at {} is not a CloudTrail record, so event history leaves it out: {}",
                    record.offset(),
                    e.getMessage());
            return null;
        }
        if (event == null) {
            skippedEvents.incrementAndGet();
            return null;
        }
        if (event.accountId().isEmpty()) {
            failedRecords.incrementAndGet();
            log.warn(
                    "Event {} at journal offset {} names no account (no recipientAccountId or userIdentity.accountId),"
                            + " so event history leaves it out",
                    event.eventId(),
                    record.offset());
            return null;
        }
        return event;
    }

    /** Appends {@code batch} (emptying it) and publishes {@code read} as indexed. */
    private void appendAndPublish(List<HistoryRecord> batch, JournalPosition read) {
        if (!batch.isEmpty()) {
            int refused = appendRefusingNoBatchForOneEvent(batch);
            indexedEvents.addAndGet(batch.size() - refused);
            appendedSinceCommit += batch.size();
            batch.clear();
        }
        if (!read.equals(indexed)) {
            publish(read);
        }
    }

    /**
     * Appends {@code batch}; when the store refuses an event it cannot take (an {@link
     * IllegalArgumentException}, such as a value too long to index), appends the events one by one and
     * leaves out only those, counting them as failed, and returns how many. Other failures propagate, and
     * the batch is retried.
     */
    private int appendRefusingNoBatchForOneEvent(List<HistoryRecord> batch) {
        try {
            store.appendRecords(batch);
            return 0;
        } catch (IllegalArgumentException refusal) {
            int refused = 0;
            for (HistoryRecord event : batch) {
                try {
                    store.appendRecords(List.of(event));
                } catch (IllegalArgumentException e) {
                    refused++;
                    failedRecords.incrementAndGet();
                    String id = event.eventId();
                    log.warn(
                            "The event store refused event {}, so event history leaves it out: {}",
                            id.length() <= 100 ? id : id.substring(0, 100) + "... (" + id.length() + " characters)",
                            abbreviate(e.getMessage()));
                }
            }
            return refused;
        }
    }

    private static String abbreviate(@Nullable String message) {
        return message == null || message.length() <= 300 ? String.valueOf(message) : message.substring(0, 300) + "...";
    }

    /**
     * Starts a commit on the committer when one is due and none is running; with {@code force}, waits for
     * the running one and commits what was appended since, before returning. A commit that failed is
     * thrown here, to the indexer loop, which logs it and retries.
     */
    private void maybeCommit(boolean force) throws InterruptedException {
        Future<?> running = commitInFlight;
        if (running != null && (force || running.isDone())) {
            commitInFlight = null;
            try {
                running.get();
            } catch (ExecutionException e) {
                lastCommitNanos =
                        clock.monotonicNanos() - config.commitInterval().toNanos(); // due again
                if (!force) {
                    throw e.getCause() instanceof RuntimeException cause
                            ? cause
                            : new IllegalStateException("the history commit failed", e.getCause());
                }
                // closing: the commit below covers what the failed one did, and reports its own failure
                log.warn(
                        "A history commit failed before the indexer closed; committing again: {}",
                        e.getCause().toString());
            }
        }
        if (commitInFlight != null) {
            return; // one at a time
        }
        JournalPosition at = indexed;
        if (at.equals(lastCommitted)) {
            return;
        }
        long now = clock.monotonicNanos();
        boolean due = force
                || appendedSinceCommit >= config.commitEvents()
                || now - lastCommitNanos >= config.commitInterval().toNanos();
        if (!due) {
            return;
        }
        appendedSinceCommit = 0;
        lastCommitNanos = now;
        if (force) {
            commitAt(at);
        } else {
            commitInFlight = committer.submit(() -> commitAt(at));
        }
    }

    /** Commits the store at {@code at} (everything appended so far), then the consumer position. */
    private void commitAt(JournalPosition at) {
        store.commit(at);
        commits.incrementAndGet();
        lastCommitted = at;
        try {
            journal.commit(CONSUMER, at);
        } catch (RuntimeException e) {
            // the store's position is the one the indexer resumes from; this one only informs operators
            log.warn("The history indexer could not commit its journal position {}: {}", at.encode(), e.toString());
        }
    }

    private void maybeApplyRetention() {
        if (clock.monotonicNanos() - lastRetentionNanos
                >= config.retentionInterval().toNanos()) {
            applyRetention();
        }
    }

    private void applyRetention() {
        lastRetentionNanos = clock.monotonicNanos();
        Instant cutoff = clock.now().minus(config.retention());
        long deleted = store.deleteBefore(cutoff);
        deletedEvents.addAndGet(deleted);
        if (deleted > 0) {
            log.info(
                    "Event history deleted {} events older than {} ({} retention)",
                    deleted,
                    cutoff,
                    config.retention());
        }
    }

    /** How long to wait for records when the batch is empty: until the next commit is due, at most POLL_WAIT. */
    private Duration pollWait() {
        if (indexed.equals(lastCommitted)) {
            return POLL_WAIT;
        }
        long untilCommit = config.commitInterval().toNanos() - (clock.monotonicNanos() - lastCommitNanos);
        return Duration.ofNanos(Math.max(1_000_000, Math.min(POLL_WAIT.toNanos(), untilCommit)));
    }

    private void publish(JournalPosition position) {
        lock.lock();
        try {
            indexed = position;
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private JournalPosition resumePosition() {
        Optional<JournalPosition> fromStore = store.committedPosition();
        if (fromStore.isPresent()) {
            return fromStore.get();
        }
        Optional<JournalPosition> fromJournal = journal.committed(CONSUMER);
        if (fromJournal.isPresent() && !fromJournal.get().equals(JournalPosition.beginning())) {
            log.warn(
                    "The event history store has no committed position, but the journal has {} for consumer '{}':"
                            + " the history index is new or was deleted, so it is rebuilt from the oldest journal record",
                    fromJournal.get().encode(),
                    CONSUMER);
        }
        return JournalPosition.beginning();
    }

    private JournalReader openReader(JournalPosition from) {
        try {
            return journal.reader(from);
        } catch (IllegalArgumentException e) {
            log.warn(
                    "The event history store's position {} is not one of this journal ({}); the journal was replaced,"
                            + " so history is rebuilt from its oldest record",
                    from.encode(),
                    e.getMessage());
            return journal.reader(JournalPosition.beginning());
        }
    }

    private void pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        lock.lock();
        try {
            long left;
            while (!stopping && (left = deadline - System.nanoTime()) > 0) {
                advanced.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
