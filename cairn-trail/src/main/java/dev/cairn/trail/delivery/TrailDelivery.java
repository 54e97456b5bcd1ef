package dev.cairn.trail.delivery;

import static java.util.Objects.requireNonNull;

import dev.cairn.bucket.ObjectStore;
import dev.cairn.journal.Journal;
import dev.cairn.journal.JournalPosition;
import dev.cairn.signing.SigningKeyStore;
import dev.cairn.time.Clock;
import dev.cairn.trail.DeliveryStatus;
import dev.cairn.trail.DeliveryStatusBoard;
import dev.cairn.trail.Trail;
import dev.cairn.trail.TrailCatalog;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trail delivery for every trail: it watches the {@link TrailCatalog}, runs one {@link TrailDeliverer}
 * thread per trail, and answers GetTrailStatus through {@link DeliveryStatusBoard}.
 *
 * <p>Notes
 *
 * <p>Where a new trail starts reading. A trail delivers the events that happen while it is logging, so its
 * reader must start no later than the trail's creation. The watcher commits, as the journal consumer
 * {@value #WATCH_CONSUMER}, the journal's end taken just before each look at the catalog; a trail first seen
 * in a look starts at the end committed before the previous look, which precedes its creation. After a
 * restart the committed watch position plays that part, so a trail created just before a crash still
 * starts early enough. Events before the trail's StartLogging are then skipped by time.
 *
 * <p>A deliverer that dies of an unexpected error is started again at the next look, from its saved state,
 * after a pause that grows with each failure.
 */
public final class TrailDelivery implements DeliveryStatusBoard, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrailDelivery.class);

    /** The journal consumer whose position is where newly seen trails start reading. */
    public static final String WATCH_CONSUMER = "trail-watch";

    private final Journal journal;
    private final TrailCatalog catalog;
    private final ObjectStore store;
    private final Clock clock;
    private final TrailDeliveryConfig config;
    private final DeliveryStateFile files;
    private final DeliveryListener listener;
    private final SigningKeyStore keys;
    private final SecureRandom random = new SecureRandom();

    private final Map<String, DeliveryStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, Running> running = new HashMap<>(); // watcher thread only
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile boolean closed;
    private boolean poked; // guarded by lock
    private JournalPosition previousWatch = JournalPosition.beginning();
    private final Set<String> orphans = ConcurrentHashMap.newKeySet();
    private final Thread watcher;

    /**
     * @param stateDirectory where each trail's delivery state is kept ({@code <data>/trails})
     */
    public TrailDelivery(
            Journal journal,
            TrailCatalog catalog,
            ObjectStore store,
            SigningKeyStore keys,
            Clock clock,
            TrailDeliveryConfig config,
            Path stateDirectory,
            DeliveryListener listener) {
        this.journal = requireNonNull(journal, "journal is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.config = requireNonNull(config, "config is null");
        this.files = new DeliveryStateFile(requireNonNull(stateDirectory, "stateDirectory is null"));
        this.listener = requireNonNull(listener, "listener is null");
        this.keys = requireNonNull(keys, "keys is null");
        this.watcher = Thread.ofPlatform().daemon().name("cairn-trail-watch").unstarted(this::watch);
    }

    /** Returns the name of the journal consumer that delivers the trail with this ARN. */
    public static String consumerName(String trailArn) {
        return DeliveryStateFile.consumerName(trailArn);
    }

    /** Starts watching the catalog and delivering; returns at once. */
    public void start() {
        // Without a watch position (a first start), trails that already exist must read from the
        // beginning to see their StartLogging; with none, the end will do.
        previousWatch = journal.committed(WATCH_CONSUMER)
                .orElseGet(() -> catalog.all().isEmpty() ? journal.end() : JournalPosition.beginning());
        Set<String> existing = new HashSet<>();
        for (Trail trail : catalog.all()) {
            existing.add(trail.arn());
        }
        for (String arn : files.trailArns()) {
            if (existing.contains(arn)) {
                files.load(arn).ifPresent(s -> statuses.put(arn, s.status));
            } else {
                orphans.add(arn); // deleted while the server was down: its deliverer finishes it
            }
        }
        watcher.start();
    }

    /** Makes the watcher look at the catalog now, as after a trail was created, changed or deleted. */
    public void poke() {
        lock.lock();
        try {
            poked = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public DeliveryStatus status(String trailArn) {
        return statuses.getOrDefault(trailArn, DeliveryStatus.NONE);
    }

    private void watch() {
        while (!closed) {
            try {
                look();
            } catch (RuntimeException e) {
                log.warn("trail delivery could not read the trails; trying again shortly", e);
            }
            lock.lock();
            try {
                if (!poked && !closed) {
                    wake.awaitNanos(config.catalogRefresh().toNanos());
                }
                poked = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    private void look() {
        JournalPosition watch = journal.end();
        journal.commit(WATCH_CONSUMER, watch);
        Set<String> arns = new HashSet<>();
        for (Trail trail : catalog.all()) {
            arns.add(trail.arn());
        }
        arns.addAll(running.keySet());
        arns.addAll(orphans);
        orphans.clear();
        for (String arn : arns) {
            Running r = running.get(arn);
            if (r != null && r.thread.isAlive()) {
                continue;
            }
            if (r != null && r.deliverer.finished()) {
                running.remove(arn);
                statuses.remove(arn);
                continue;
            }
            startIfNeeded(arn);
        }
        previousWatch = watch;
    }

    private void startIfNeeded(String arn) {
        Running r = running.get(arn);
        if (r != null && r.thread.isAlive()) {
            return;
        }
        int failures = r == null ? 0 : r.failures + 1;
        if (r != null && clock.monotonicNanos() < r.retryAfterNanos) {
            return;
        }
        if (r != null) {
            log.warn("trail {}: delivery stopped unexpectedly; starting it again (restart {})", arn, failures);
        }
        TrailDeliverer deliverer = new TrailDeliverer(
                arn,
                previousWatch,
                journal,
                catalog,
                store,
                clock,
                config,
                files,
                listener,
                status -> statuses.put(arn, status),
                random,
                keys);
        Thread thread = Thread.ofPlatform()
                .daemon()
                .name("cairn-trail-" + DeliveryStateFile.consumerName(arn))
                .uncaughtExceptionHandler((t, e) -> log.error("trail {}: delivery failed", arn, e))
                .start(deliverer);
        long backoff =
                Math.min(Duration.ofMinutes(1).toNanos(), Duration.ofSeconds(1).toNanos() << Math.min(failures, 6));
        running.put(arn, new Running(deliverer, thread, failures, clock.monotonicNanos() + backoff));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        poke();
        try {
            watcher.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Running r : running.values()) {
            r.deliverer.stop();
        }
        for (Running r : running.values()) {
            try {
                r.thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Running(TrailDeliverer deliverer, Thread thread, int failures, long retryAfterNanos) {}
}
