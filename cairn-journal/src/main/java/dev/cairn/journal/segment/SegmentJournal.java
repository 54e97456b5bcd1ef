package dev.cairn.journal.segment;

import static java.util.Objects.requireNonNull;

import dev.cairn.journal.Journal;
import dev.cairn.journal.JournalException;
import dev.cairn.journal.JournalOffset;
import dev.cairn.journal.JournalPosition;
import dev.cairn.journal.JournalReader;
import dev.cairn.journal.JournalStats;
import dev.cairn.time.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Journal} kept in one directory of segment files: records are CRC-framed and appended to the
 * last segment by a group commit that shares each fsync among every append waiting for one, and an
 * append returns only once its records are durable. It has a single partition, 0, and a record's offset
 * counts the bytes of the records before it.
 *
 * <p>The directory, created owner-only if missing, holds the segments ({@code Segment} describes their
 * format), {@code consumers/} with one file per committed consumer position, and {@code LOCK}, locked
 * while the journal is open so that no second process opens the same directory. {@link #open} recovers
 * from a crash by truncating the torn tail of the last segment, with a WARN naming file and offset.
 *
 * <p>Segments are deleted only by {@link #applyRetention()}, which the owner calls on a schedule, and by
 * {@link #clear()}.
 */
public final class SegmentJournal implements Journal {

    private static final Logger log = LoggerFactory.getLogger(SegmentJournal.class);

    /** The only partition of the embedded journal. */
    static final int PARTITION = 0;

    private final JournalDirectory directory;
    private final SegmentJournalConfig config;
    private final Clock clock;
    private final SegmentList segments;
    private final ConsumerPositions positions;
    private final GroupCommit commit;

    private final LongAdder appendedRecords = new LongAdder();
    private final LongAdder appendedBytes = new LongAdder();
    private final LongAdder failedAppends = new LongAdder();

    private volatile boolean closed;

    private SegmentJournal(
            JournalDirectory directory,
            SegmentJournalConfig config,
            Clock clock,
            SegmentList segments,
            ConsumerPositions positions,
            GroupCommit commit) {
        this.directory = directory;
        this.config = config;
        this.clock = clock;
        this.segments = segments;
        this.positions = positions;
        this.commit = commit;
    }

    /** Opens the journal in {@code directory} with the default settings and the system clock. */
    public static SegmentJournal open(Path directory) {
        return open(directory, SegmentJournalConfig.defaults(), Clock.system());
    }

    /**
     * Opens the journal kept in {@code directory}, creating the directory (owner-only, where the file
     * system has POSIX permissions) and a first segment if they are missing, and recovering from a crash.
     *
     * @throws JournalException when another journal holds the directory, a segment or position file is
     *     damaged beyond a torn tail, or the files cannot be created or read
     */
    public static SegmentJournal open(Path directory, SegmentJournalConfig config, Clock clock) {
        return open(directory, config, clock, ChannelOpener.SYSTEM);
    }

    static SegmentJournal open(Path directory, SegmentJournalConfig config, Clock clock, ChannelOpener opener) {
        requireNonNull(directory, "directory is null");
        requireNonNull(config, "config is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(opener, "opener is null");
        JournalDirectory dir = JournalDirectory.lock(directory, opener);
        try {
            Recovery.Recovered recovered = Recovery.recover(dir, clock);
            ConsumerPositions positions = ConsumerPositions.load(dir);
            SegmentList segments = new SegmentList(recovered.segments(), recovered.end());
            GroupCommit commit = new GroupCommit(dir, segments, clock, config, recovered.end());
            return new SegmentJournal(dir, config, clock, segments, positions, commit);
        } catch (IOException e) {
            dir.close();
            throw new JournalException("cannot open the journal in " + dir + ": " + e, e);
        } catch (RuntimeException | Error e) {
            dir.close();
            throw e;
        }
    }

    @Override
    public JournalOffset append(String partitionKey, byte[] record) {
        requireNonNull(record, "record is null");
        return append(partitionKey, List.of(record)).get(0);
    }

    @Override
    public List<JournalOffset> append(String partitionKey, List<byte[]> records) {
        requireNonNull(partitionKey, "partitionKey is null");
        requireNonNull(records, "records is null");
        for (int i = 0; i < records.size(); i++) {
            requireNonNull(records.get(i), "records[" + i + "] is null");
        }
        checkOpen();
        RecordFormat.Frames frames = RecordFormat.encode(partitionKey, records, config.maxRecordBytes());
        if (records.isEmpty()) {
            return List.of();
        }
        long start;
        try {
            start = commit.append(frames.bytes());
        } catch (JournalException e) {
            failedAppends.increment();
            throw e;
        }
        List<JournalOffset> offsets = new ArrayList<>(records.size());
        long bytes = 0;
        for (int i = 0; i < records.size(); i++) {
            offsets.add(new JournalOffset(PARTITION, start + frames.starts()[i]));
            bytes += records.get(i).length;
        }
        appendedRecords.add(records.size());
        appendedBytes.add(bytes);
        return offsets;
    }

    @Override
    public JournalReader reader(JournalPosition from) {
        requireNonNull(from, "from is null");
        checkOpen();
        return new SegmentReader(segments, directory.opener(), offsetOf(from, "read from"));
    }

    @Override
    public JournalPosition end() {
        return JournalPosition.beginning().with(PARTITION, segments.durableEnd());
    }

    @Override
    public void commit(String consumer, JournalPosition position) {
        requireNonNull(consumer, "consumer is null");
        requireNonNull(position, "position is null");
        ConsumerPositions.checkName(consumer);
        checkOpen();
        offsetOf(position, "commit");
        try {
            positions.commit(consumer, position);
        } catch (IOException e) {
            throw new JournalException(
                    "could not store the position " + position.encode() + " of consumer " + consumer + " in "
                            + directory + "; its earlier position stands: " + e,
                    e);
        }
    }

    @Override
    public void forget(String consumer) {
        requireNonNull(consumer, "consumer is null");
        ConsumerPositions.checkName(consumer);
        checkOpen();
        try {
            positions.forget(consumer);
        } catch (IOException e) {
            throw new JournalException(
                    "could not remove the position of consumer " + consumer + " in " + directory + ": " + e, e);
        }
    }

    @Override
    public Optional<JournalPosition> committed(String consumer) {
        requireNonNull(consumer, "consumer is null");
        ConsumerPositions.checkName(consumer);
        checkOpen();
        return positions.get(consumer);
    }

    @Override
    public void clear() {
        checkOpen();
        List<Segment> replaced = commit.startFreshSegment();
        try {
            positions.clear();
            directory.deleteSegments(replaced);
        } catch (IOException e) {
            throw new JournalException(
                    "cleared the journal in " + directory
                            + " for this process, but could not delete all of its old files; they come back when it is"
                            + " reopened: " + e,
                    e);
        }
        log.info(
                "Cleared the journal in {}: deleted {} segment(s); offsets continue at {}",
                directory,
                replaced.size(),
                segments.start());
    }

    /**
     * Deletes the oldest segments that no consumer needs any more: a segment goes when every record in it
     * is below the position of every consumer that committed one, and the journal moved on from it (to
     * the next segment) longer ago than the configured retention. The segment being written is never
     * deleted, and without a committed consumer nothing is. Readers positioned in a deleted segment
     * continue with the oldest record kept.
     *
     * <p>The journal does not call this itself: its owner calls it on a schedule, such as hourly.
     *
     * @return how many segments were deleted
     * @throws JournalException when a segment file cannot be deleted
     */
    public int applyRetention() {
        checkOpen();
        var committed = positions.all().values();
        if (committed.isEmpty()) {
            return 0;
        }
        long slowest = Long.MAX_VALUE;
        for (JournalPosition position : committed) {
            slowest = Math.min(slowest, position.next(PARTITION));
        }
        long consumedBelow = slowest;
        Instant closedBefore = clock.now().minus(config.retention());
        List<Segment> removed = segments.removeOldest((segment, following) ->
                following.base() <= consumedBelow && !following.created().isAfter(closedBefore));
        try {
            directory.deleteSegments(removed);
        } catch (IOException e) {
            throw new JournalException("could not delete old segments of the journal in " + directory + ": " + e, e);
        }
        if (!removed.isEmpty()) {
            log.info(
                    "Deleted {} journal segment(s) below offset {}, which every consumer has passed",
                    removed.size(),
                    segments.start());
        }
        return removed.size();
    }

    @Override
    public JournalStats stats() {
        return new JournalStats(
                appendedRecords.sum(), appendedBytes.sum(), commit.syncs(), commit.syncNanos(), failedAppends.sum());
    }

    /** Lets waiting appends finish, then closes the files and releases the directory. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            commit.close();
        } finally {
            directory.close();
        }
    }

    @Override
    public String toString() {
        return "SegmentJournal[" + directory + "]";
    }

    /** Returns the offset {@code position} stands for in this journal, or throws naming what is wrong. */
    private long offsetOf(JournalPosition position, String action) {
        for (int partition : position.offsets().keySet()) {
            if (partition != PARTITION) {
                throw new IllegalArgumentException("cannot " + action + " position " + position.encode()
                        + ": it names partition " + partition + ", but " + this + " has only partition " + PARTITION);
            }
        }
        long offset = position.next(PARTITION);
        long end = segments.durableEnd();
        if (offset > end) {
            throw new IllegalArgumentException("cannot " + action + " position " + position.encode()
                    + ": it is after the end of " + this + ", offset " + end
                    + "; it was not taken from this journal");
        }
        return offset;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }
}
