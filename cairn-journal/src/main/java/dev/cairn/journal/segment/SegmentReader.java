package dev.cairn.journal.segment;

import static java.nio.file.StandardOpenOption.READ;
import static java.util.Objects.requireNonNull;

import dev.cairn.journal.JournalException;
import dev.cairn.journal.JournalOffset;
import dev.cairn.journal.JournalPosition;
import dev.cairn.journal.JournalReader;
import dev.cairn.journal.JournalRecord;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JournalReader} of a {@link SegmentJournal}: it reads the records below the durable end, segment
 * after segment, through a channel of its own, and waits on the {@link SegmentList} at the end.
 */
final class SegmentReader implements JournalReader {

    private static final Logger log = LoggerFactory.getLogger(SegmentReader.class);

    private final SegmentList segments;
    private final ChannelOpener opener;
    private final FrameReader frames = new FrameReader();

    /** The offset of the next record to return. */
    private long next;

    private @Nullable Segment open;
    private @Nullable FileChannel channel;
    private boolean closed;

    SegmentReader(SegmentList segments, ChannelOpener opener, long from) {
        this.segments = segments;
        this.opener = opener;
        this.next = from;
    }

    @Override
    public List<JournalRecord> poll(int maxRecords, Duration timeout) throws InterruptedException {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1, got " + maxRecords);
        }
        requireNonNull(timeout, "timeout is null");
        if (closed) {
            throw new IllegalStateException("journal reader is closed");
        }
        long left = timeout.isNegative() ? 0 : saturatedNanos(timeout);
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while reading the journal");
            }
            List<JournalRecord> records = readAvailable(maxRecords);
            if (!records.isEmpty() || left <= 0) {
                return records;
            }
            left = segments.awaitDurableBeyond(next, left);
        }
    }

    @Override
    public JournalPosition position() {
        return JournalPosition.beginning().with(SegmentJournal.PARTITION, next);
    }

    @Override
    public void close() {
        closed = true;
        closeChannel();
    }

    /** Returns the durable records from {@link #next} on, at most {@code max}, without waiting. */
    private List<JournalRecord> readAvailable(int max) throws InterruptedException {
        long durableEnd = segments.durableEnd(); // before the snapshot: see SegmentList
        List<Segment> snapshot = segments.snapshot();
        long start = snapshot.get(0).base();
        long at = next;
        if (at < start) {
            log.info(
                    "Journal reader at offset {} continues at offset {}, the oldest record kept: the {} bytes of"
                            + " records between were removed by retention or clear",
                    at,
                    start,
                    start - at);
            at = start;
            next = start;
        }
        List<JournalRecord> records = new ArrayList<>();
        try {
            while (records.size() < max && at < durableEnd) {
                int index = SegmentList.indexOf(snapshot, at);
                Segment segment = snapshot.get(index);
                long segmentEnd =
                        index + 1 < snapshot.size() ? snapshot.get(index + 1).base() : durableEnd;
                FileChannel file = channelOf(segment);
                if (file == null) {
                    break; // removed since the snapshot: the next poll starts again from the oldest kept
                }
                FrameReader.Result result =
                        frames.read(file, segment.filePosition(at), segment.filePosition(segmentEnd));
                switch (result) {
                    case FrameReader.Frame frame -> {
                        records.add(new JournalRecord(
                                new JournalOffset(SegmentJournal.PARTITION, at),
                                at + frame.frameLength(),
                                frame.key(),
                                frame.payload()));
                        at += frame.frameLength();
                    }
                    case FrameReader.Invalid invalid ->
                        throw new JournalException(
                                "journal segment " + segment + " holds no valid record at offset " + at
                                        + " (byte " + segment.filePosition(at) + " of the file): " + invalid.problem()
                                        + ". The segment was damaged after it was written; restore the journal from a backup");
                }
            }
        } catch (ClosedByInterruptException e) {
            closeChannel();
            Thread.interrupted(); // the exception reports the interrupt
            throw new InterruptedException("interrupted while reading " + open);
        } catch (IOException e) {
            closeChannel();
            throw new JournalException("could not read the journal at offset " + at + ": " + e, e);
        }
        next = at;
        return records;
    }

    /** Returns a channel on {@code segment}, or null if its file is gone. */
    private @Nullable FileChannel channelOf(Segment segment) throws IOException {
        if (segment.equals(open) && channel != null && channel.isOpen()) {
            return channel;
        }
        closeChannel();
        try {
            channel = opener.open(segment.path(), READ);
        } catch (NoSuchFileException e) {
            return null;
        }
        open = segment;
        return channel;
    }

    private void closeChannel() {
        if (channel != null) {
            JournalDirectory.closeQuietly(channel);
        }
        channel = null;
        open = null;
        frames.reset();
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
