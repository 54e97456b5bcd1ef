package dev.cairn.server.recording;

import static java.util.Objects.requireNonNull;

import dev.cairn.journal.Journal;
import dev.cairn.journal.JournalException;
import dev.cairn.journal.JournalOffset;
import dev.cairn.journal.JournalPosition;
import dev.cairn.journal.JournalReader;
import dev.cairn.journal.JournalStats;
import dev.cairn.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Whether the journal can make events durable, as the recorders' appends find it: failing from the first
 * append that throws {@link JournalException} until the next one that returns. The health endpoint answers
 * 503 while it is failing, so that a load balancer stops sending calls that would all be refused.
 *
 * <p>Notes. Every recorder appends through {@link #watch}, so one signal covers the services' calls, S3's,
 * refused authentications and corrections alike. A drained server receives no calls, and without calls no
 * append could ever succeed and end the failure: so the journal counts as failing only for
 * {@link #RETRY_AFTER} after its last failed append. After that, with nothing tried since, the health
 * endpoint answers ready again (naming the last failure), the load balancer sends calls again, and the
 * first of them either succeeds, ending the failure, or fails, starting another {@code RETRY_AFTER}. While
 * calls keep coming and failing, the journal stays failing without a gap. Cost on the hot path: one
 * volatile read per append.
 */
public final class JournalHealth {
    /** How long the journal counts as failing after its last failed append, when nothing tried it since. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    /** The journal's state at one moment; {@link #WRITING} when no append failed since the last success. */
    public record Snapshot(
            @Nullable Instant failingSince, @Nullable Instant lastFailure, boolean failing) {
        public static final Snapshot WRITING = new Snapshot(null, null, false);
    }

    private record Failure(Instant since, Instant last, long lastNanos) {}

    private final Clock clock;
    private final DiskReserve reserve;
    private final AtomicReference<@Nullable Failure> failure = new AtomicReference<>();

    public JournalHealth(Clock clock) {
        this(clock, DiskReserve.none());
    }

    /**
     * Returns the health of a journal whose recorders keep {@code reserve}: failing, too, while the reserve
     * is released, since calls are refused until it is in place again.
     */
    public JournalHealth(Clock clock, DiskReserve reserve) {
        this.clock = requireNonNull(clock, "clock is null");
        this.reserve = requireNonNull(reserve, "reserve is null");
    }

    /** Returns {@code journal} with its appends reported here; everything else goes straight through. */
    public Journal watch(Journal journal) {
        return new Watched(requireNonNull(journal, "journal is null"));
    }

    /**
     * Returns the state now: failing while the last append failed less than {@link #RETRY_AFTER} ago, or
     * while the disk reserve is released.
     */
    public Snapshot snapshot() {
        Failure f = failure.get();
        Instant released = reserve.releasedAt();
        if (reserve.released() && released != null) {
            return new Snapshot(f == null ? released : f.since(), f == null ? released : f.last(), true);
        }
        if (f == null) {
            return Snapshot.WRITING;
        }
        boolean recent = clock.monotonicNanos() - f.lastNanos() < RETRY_AFTER.toNanos();
        return new Snapshot(f.since(), f.last(), recent);
    }

    void succeeded() {
        if (failure.get() != null) {
            failure.set(null);
        }
    }

    void failed() {
        Instant now = clock.now().truncatedTo(ChronoUnit.MILLIS);
        long nanos = clock.monotonicNanos();
        failure.updateAndGet(f -> new Failure(f == null ? now : f.since(), now, nanos));
    }

    private final class Watched implements Journal {
        private final Journal journal;

        Watched(Journal journal) {
            this.journal = journal;
        }

        @Override
        public JournalOffset append(String partitionKey, byte[] record) {
            JournalOffset offset;
            try {
                offset = journal.append(partitionKey, record);
            } catch (JournalException e) {
                failed();
                throw e;
            }
            succeeded();
            return offset;
        }

        @Override
        public List<JournalOffset> append(String partitionKey, List<byte[]> records) {
            List<JournalOffset> offsets;
            try {
                offsets = journal.append(partitionKey, records);
            } catch (JournalException e) {
                failed();
                throw e;
            }
            succeeded();
            return offsets;
        }

        @Override
        public JournalReader reader(JournalPosition from) {
            return journal.reader(from);
        }

        @Override
        public JournalPosition end() {
            return journal.end();
        }

        @Override
        public void commit(String consumer, JournalPosition position) {
            journal.commit(consumer, position);
        }

        @Override
        public void forget(String consumer) {
            journal.forget(consumer);
        }

        @Override
        public Optional<JournalPosition> committed(String consumer) {
            return journal.committed(consumer);
        }

        @Override
        public void clear() {
            journal.clear();
        }

        @Override
        public JournalStats stats() {
            return journal.stats();
        }

        @Override
        public void close() {
            journal.close();
        }

        @Override
        public String toString() {
            return "watched " + journal;
        }
    }
}
