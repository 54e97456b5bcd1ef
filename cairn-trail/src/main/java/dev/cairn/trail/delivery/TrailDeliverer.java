package dev.cairn.trail.delivery;

import static java.util.Objects.requireNonNull;

import dev.cairn.bucket.ObjectAttributes;
import dev.cairn.bucket.ObjectStore;
import dev.cairn.bucket.ObjectStoreException;
import dev.cairn.event.AuditEvent;
import dev.cairn.event.CloudTrailJson;
import dev.cairn.journal.Journal;
import dev.cairn.journal.JournalPosition;
import dev.cairn.journal.JournalReader;
import dev.cairn.journal.JournalRecord;
import dev.cairn.selector.EventFilter;
import dev.cairn.selector.TrailSelectors;
import dev.cairn.signing.SigningKeyStore;
import dev.cairn.time.Clock;
import dev.cairn.trail.DeliveryStatus;
import dev.cairn.trail.Trail;
import dev.cairn.trail.TrailCatalog;
import dev.cairn.trail.digest.LogFileKeys;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery of one trail: a journal consumer that reads every event, keeps those the trail selects,
 * batches them per region, and writes each batch as a gzip'd {@code {"Records":[...]}} log file to the
 * trail's bucket when the flush interval has passed or the batch is full; it also keeps the trail's digest
 * chains going through {@link DigestWindows}.
 *
 * <p>Notes
 *
 * <p>Two threads. The reader thread ({@link #run}) polls the journal, parses and selects events and fills
 * the batches; when a flush is due it hands the batches, with the journal position they reach, to the
 * writer thread, which compresses, hashes and writes them, saves the new position and writes digests. The
 * hand-off queue holds one flush, so the reader fills the next batches while the writer writes the last
 * ones, and waits when the writer falls behind. Only the writer touches the saved {@link DeliveryState}
 * once both run.
 *
 * <p>No event is lost. The journal position advances, in the saved state and then in the journal, only
 * after every batch read up to it was written; a write that fails is retried with growing waits, and the
 * reader stops reading meanwhile, since the queue is full. After a crash, reading resumes from the saved
 * position, so only the batches in flight can be written twice.
 *
 * <p>Files in flight. Before writing, the files about to be written are saved as in flight. If the process
 * dies between a successful write and saving the new position, the files that exist are still listed in
 * the next digest on restart (their events are written again, a duplicate AWS's consumers already handle
 * by eventID), so no file in the bucket is left out of every digest.
 *
 * <p>Stopping. {@link #stop} asks both threads to finish: the reader hands over what it holds, the writer
 * writes it once, saves, and both end.
 */
final class TrailDeliverer implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TrailDeliverer.class);

    static final int MAX_RECORDS = 2048;
    private static final Duration POLL_WAIT = Duration.ofMillis(200);
    private static final Duration IDLE_SAVE = Duration.ofSeconds(5);
    private static final ObjectAttributes LOG_FILE_ATTRIBUTES =
            new ObjectAttributes("application/json", "gzip", Map.of());

    private final String arn;
    private final String consumer;
    private final JournalPosition start;
    private final Journal journal;
    private final TrailCatalog catalog;
    private final ObjectStore store;
    private final Clock clock;
    private final TrailDeliveryConfig config;
    private final DeliveryStateFile files;
    private final DeliveryListener listener;
    private final Consumer<DeliveryStatus> statusBoard;
    private final RandomGenerator random;
    private final DigestWindows digests;

    // Reader thread only.
    private final Map<String, LogBatch> batches = new TreeMap<>();
    private int bufferedBytes;
    private long firstBufferedNanos;
    private long lastHandOffNanos;
    private @Nullable Trail lastSeen;
    private @Nullable TrailSelectors filterSelectors;
    private EventFilter filter = EventFilter.of(null);
    private boolean filterBuilt;
    private JournalPosition handedOff;
    /** Whether the trail is logging at the reader's position, by the journal's StartLogging and StopLogging. */
    private boolean logging;

    // Shared between the threads.
    private final BlockingQueue<Job> jobs = new ArrayBlockingQueue<>(1);
    private volatile @Nullable Trail current;
    private volatile boolean quiescent;
    private volatile boolean stopping;
    private volatile boolean finished;
    private volatile boolean writerFailed;

    TrailDeliverer(
            String arn,
            JournalPosition start,
            Journal journal,
            TrailCatalog catalog,
            ObjectStore store,
            Clock clock,
            TrailDeliveryConfig config,
            DeliveryStateFile files,
            DeliveryListener listener,
            Consumer<DeliveryStatus> statusBoard,
            RandomGenerator random,
            SigningKeyStore keys) {
        this.arn = requireNonNull(arn, "arn is null");
        this.consumer = DeliveryStateFile.consumerName(arn);
        this.start = requireNonNull(start, "start is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.config = requireNonNull(config, "config is null");
        this.files = requireNonNull(files, "files is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.statusBoard = requireNonNull(statusBoard, "statusBoard is null");
        this.random = requireNonNull(random, "random is null");
        this.digests = new DigestWindows(store, keys, clock, config, listener, arn, statusBoard, files);
        this.handedOff = start;
    }

    /** Asks the deliverer to write what it holds and end; returns at once. */
    void stop() {
        stopping = true;
    }

    /** Whether the deliverer ended because its trail was deleted and everything was delivered. */
    boolean finished() {
        return finished;
    }

    @Override
    public void run() {
        Optional<DeliveryState> saved = files.load(arn);
        DeliveryState s = saved.orElseGet(() -> new DeliveryState(arn, start, DeliveryStatus.NONE));
        if (s.logging == null) {
            // A new deliverer starts before the trail's creation, so it will read its StartLogging; an old
            // state without the flag takes the trail's stored state.
            s.logging =
                    saved.isPresent() && catalog.byArn(arn).map(Trail::logging).orElse(false);
        }
        if (saved.isEmpty()) {
            files.save(s); // a restart of this deliverer must resume from the same start
        }
        logging = s.logging;
        statusBoard.accept(s.status);
        recoverInFlight(s);
        handedOff = s.position;
        Writer writer = new Writer(s);
        Thread writerThread = Thread.ofPlatform()
                .daemon()
                .name(Thread.currentThread().getName() + "-writer")
                .start(writer);
        try (JournalReader reader = journal.reader(s.position)) {
            read(reader);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            stopping = true;
            throw e;
        } finally {
            submit(new End());
            try {
                writerThread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void read(JournalReader reader) throws InterruptedException {
        lastHandOffNanos = clock.monotonicNanos();
        while (!stopping && !writerFailed) {
            // The trail is read after the poll, so that a change made before any of the records was
            // appended (a StopLogging, a new selector) is seen when judging them.
            List<JournalRecord> records = reader.poll(MAX_RECORDS, POLL_WAIT);
            Optional<Trail> found = catalog.byArn(arn);
            if (found.isEmpty()) {
                Trail last = lastSeen;
                if (last != null) {
                    records.forEach(r -> take(last, r));
                    drain(reader, last);
                }
                submit(new Finish(last, reader.position()));
                return;
            }
            Trail trail = found.get();
            lastSeen = trail;
            current = trail;
            int skipped = 0;
            for (JournalRecord record : records) {
                if (!take(trail, record)) {
                    skipped++;
                }
            }
            if (skipped > 0) {
                listener.eventsSkipped(arn, skipped);
            }
            boolean caughtUp = records.size() < MAX_RECORDS;
            if (flushDue(trail, caughtUp)) {
                handOff(trail, reader.position());
            } else if (batches.isEmpty()
                    && !reader.position().equals(handedOff)
                    && clock.monotonicNanos() - lastHandOffNanos >= IDLE_SAVE.toNanos()) {
                handOff(trail, reader.position());
            }
            quiescent = caughtUp && batches.isEmpty() && jobs.isEmpty();
        }
        Trail trail = lastSeen;
        if (trail != null && !batches.isEmpty() && !writerFailed) {
            handOff(trail, reader.position());
        }
    }

    /** Reads the rest of the journal as it stands, for a trail that was just deleted. */
    private void drain(JournalReader reader, Trail trail) throws InterruptedException {
        List<JournalRecord> records;
        do {
            records = reader.poll(MAX_RECORDS, Duration.ZERO);
            records.forEach(r -> take(trail, r));
            if (!batches.isEmpty() && bufferedBytes >= config.maxFileBytes()) {
                handOff(trail, reader.position());
            }
        } while (records.size() == MAX_RECORDS && !stopping);
        if (!batches.isEmpty()) {
            handOff(trail, reader.position());
        }
    }

    private boolean take(Trail trail, JournalRecord record) {
        AuditEvent event;
        try {
            event = CloudTrailJson.parse(record.payload());
        } catch (RuntimeException e) {
            listener.recordUnreadable(arn);
            log.warn(
                    "trail {}: journal record at {} is not a CloudTrail event and is not delivered: {}",
                    arn,
                    record.offset(),
                    e.getMessage());
            return false;
        }
        Boolean switched = TrailScope.switchesLogging(trail, event, record.partitionKey());
        if (Boolean.TRUE.equals(switched)) {
            logging = true;
        }
        if (!logging) {
            return false;
        }
        if (Boolean.FALSE.equals(switched)) {
            logging = false; // the StopLogging itself is still delivered
        }
        if (!TrailScope.covers(trail, event, record.partitionKey())
                || !filterOf(trail).selects(event)) {
            return false;
        }
        if (batches.isEmpty()) {
            firstBufferedNanos = clock.monotonicNanos();
        }
        batches.computeIfAbsent(event.awsRegion(), LogBatch::new).add(record.payload(), event.eventTime());
        bufferedBytes += record.payload().length + 1;
        return true;
    }

    private EventFilter filterOf(Trail trail) {
        if (!filterBuilt || !Objects.equals(filterSelectors, trail.selectors())) {
            filter = EventFilter.of(trail.selectors());
            filterSelectors = trail.selectors();
            filterBuilt = true;
        }
        return filter;
    }

    private boolean flushDue(Trail trail, boolean caughtUp) {
        if (batches.isEmpty()) {
            return false;
        }
        if (bufferedBytes >= config.maxFileBytes()) {
            return true;
        }
        if (!logging && caughtUp) {
            return true;
        }
        return clock.monotonicNanos() - firstBufferedNanos
                >= config.flushInterval().toNanos();
    }

    /** Gives the batches, and the position they reach, to the writer; waits while it holds one already. */
    private void handOff(Trail trail, JournalPosition position) throws InterruptedException {
        List<Batch> taken = new ArrayList<>(batches.size());
        for (LogBatch batch : batches.values()) {
            taken.add(new Batch(batch.region(), batch.json(), batch.oldest(), batch.newest(), batch.events()));
        }
        batches.clear();
        bufferedBytes = 0;
        handedOff = position;
        lastHandOffNanos = clock.monotonicNanos();
        while (!jobs.offer(new Flush(trail, taken, position, logging), 100, TimeUnit.MILLISECONDS)) {
            if (writerFailed || (stopping && jobs.remainingCapacity() == 0 && stoppingTooLong())) {
                return;
            }
        }
    }

    private long stopRequestedNanos = -1;

    /** While stopping, the reader waits for the writer at most a few seconds before giving up a hand-off. */
    private boolean stoppingTooLong() {
        if (stopRequestedNanos < 0) {
            stopRequestedNanos = System.nanoTime();
        }
        return System.nanoTime() - stopRequestedNanos > Duration.ofSeconds(5).toNanos();
    }

    private void submit(Job job) {
        try {
            while (!jobs.offer(job, 100, TimeUnit.MILLISECONDS)) {
                if (writerFailed) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lists the files that were written before a crash cut their delivery short, so digests cover them. */
    private void recoverInFlight(DeliveryState s) {
        if (s.inFlight.isEmpty()) {
            return;
        }
        Optional<Trail> trail = catalog.byArn(arn);
        for (DeliveredFile f : s.inFlight) {
            boolean exists;
            try {
                store.head(f.bucket(), f.key());
                exists = true;
            } catch (ObjectStoreException e) {
                exists = false;
            }
            if (exists && trail.isPresent()) {
                digests.delivered(trail.get(), s, f);
                log.info(
                        "trail {}: log file s3://{}/{} was written before a restart; its events are delivered again",
                        arn,
                        f.bucket(),
                        f.key());
            }
        }
        s.inFlight.clear();
        files.save(s);
    }

    /** Sleeps, returning false at once (or early) when asked to stop. */
    private boolean sleepUnlessStopping(Duration wait) {
        long until = clock.monotonicNanos() + wait.toNanos();
        while (!stopping) {
            long left = until - clock.monotonicNanos();
            if (left <= 0) {
                return true;
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(left, 100_000_000L)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The work the reader hands to the writer. */
    private sealed interface Job permits Flush, Finish, End {}

    /** Write these batches, then save {@code position} (an empty list only saves it). */
    private record Flush(Trail trail, List<Batch> batches, JournalPosition position, boolean logging) implements Job {}

    /** The trail was deleted: write its last digests, forget its position and state. */
    private record Finish(@Nullable Trail lastSeen, JournalPosition position) implements Job {}

    /** The reader ended: write nothing more. */
    private record End() implements Job {}

    /** One region's events, ready to be compressed into a log file. */
    private record Batch(String region, byte[] json, Instant oldest, Instant newest, int events) {}

    /** One log file about to be written. */
    private record PreparedFile(DeliveredFile file, byte[] gzip, int events) {}

    /** The writer thread: writes the files the reader hands over, saves positions, writes digests. */
    private final class Writer implements Runnable {
        private final DeliveryState s;

        Writer(DeliveryState s) {
            this.s = s;
        }

        @Override
        public void run() {
            try {
                boolean first = true;
                while (true) {
                    Job job = first ? null : jobs.poll(POLL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    first = false;
                    if (job instanceof End) {
                        return;
                    }
                    if (job instanceof Flush flush) {
                        if (!write(flush)) {
                            writerFailed = true;
                            return;
                        }
                    } else if (job instanceof Finish finish) {
                        finish(finish);
                        return;
                    }
                    Trail trail = current;
                    if (trail != null
                            && !stopping
                            && !digests.deliverDue(
                                    trail, s, TrailDeliverer.this::sleepUnlessStopping, quiescent && jobs.isEmpty())) {
                        writerFailed = true;
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                writerFailed = true;
                log.error("trail {}: delivery failed; it starts again from its saved position", arn, e);
            }
        }

        /** Writes every batch, then saves the position; returns false when asked to stop while failing. */
        private boolean write(Flush flush) {
            Trail trail = flush.trail();
            if (flush.batches().isEmpty()) {
                advance(flush.position(), flush.logging());
                return true;
            }
            Instant now = clock.now();
            List<PreparedFile> prepared = new ArrayList<>(flush.batches().size());
            for (Batch batch : flush.batches()) {
                String key = LogFileKeys.logFileKey(
                        trail.s3KeyPrefix(), trail.accountId(), batch.region(), now, LogFileKeys.randomUnique(random));
                DeliveredFile file = new DeliveredFile(
                        batch.region(),
                        trail.s3BucketName(),
                        key,
                        sha256(batch.json()),
                        batch.oldest(),
                        batch.newest(),
                        now);
                prepared.add(new PreparedFile(file, Gzip.compress(batch.json()), batch.events()));
            }
            s.inFlight.clear();
            prepared.forEach(p -> s.inFlight.add(p.file()));
            files.save(s);
            for (PreparedFile p : prepared) {
                if (!put(p)) {
                    return false;
                }
            }
            s.inFlight.clear();
            Instant delivered = clock.now();
            for (PreparedFile p : prepared) {
                digests.delivered(trail, s, p.file());
            }
            s.status = new DeliveryStatus(
                    delivered,
                    delivered,
                    null,
                    s.status.latestDigestDeliveryTime(),
                    s.status.latestDigestDeliveryError());
            statusBoard.accept(s.status);
            advance(flush.position(), flush.logging());
            return true;
        }

        private boolean put(PreparedFile p) {
            Duration wait = config.minRetry();
            int failures = 0;
            while (true) {
                DeliveredFile f = p.file();
                try {
                    store.put(f.bucket(), f.key(), p.gzip(), LOG_FILE_ATTRIBUTES);
                    listener.logFileDelivered(arn, p.events(), p.gzip().length);
                    if (failures > 0) {
                        log.info(
                                "trail {}: log file delivered to s3://{}/{} after {} failed attempt(s)",
                                arn,
                                f.bucket(),
                                f.key(),
                                failures);
                    }
                    return true;
                } catch (ObjectStoreException e) {
                    failures++;
                    failed(e.error().s3Code(), f, failures, e.getMessage());
                } catch (RuntimeException e) {
                    failures++;
                    failed("InternalError", f, failures, e.toString());
                }
                if (!sleepUnlessStopping(wait)) {
                    return false;
                }
                wait = wait.multipliedBy(2).compareTo(config.maxRetry()) > 0 ? config.maxRetry() : wait.multipliedBy(2);
            }
        }

        private void failed(String code, DeliveredFile f, int failures, @Nullable String message) {
            Instant now = clock.now();
            s.status = new DeliveryStatus(
                    s.status.latestDeliveryTime(),
                    now,
                    code,
                    s.status.latestDigestDeliveryTime(),
                    s.status.latestDigestDeliveryError());
            statusBoard.accept(s.status);
            listener.logFileFailed(arn, code);
            if (failures == 1 || failures % 10 == 0) {
                log.warn(
                        "trail {}: cannot deliver a log file to s3://{}/{} ({}, attempt {}): {}; retrying",
                        arn,
                        f.bucket(),
                        f.key(),
                        code,
                        failures,
                        message);
            }
        }

        private void advance(JournalPosition position, boolean loggingThere) {
            s.position = position;
            s.logging = loggingThere;
            files.save(s);
            journal.commit(consumer, position);
        }

        /** Delivers what is left of a deleted trail, ends its digest chains, and forgets its position. */
        private void finish(Finish finish) {
            Trail trail = finish.lastSeen();
            if (trail != null && !digests.finish(trail, s, TrailDeliverer.this::sleepUnlessStopping)) {
                return;
            }
            journal.forget(consumer);
            files.delete(arn);
            finished = true;
            log.info("trail {} was deleted: its delivery ended", arn);
        }
    }
}
