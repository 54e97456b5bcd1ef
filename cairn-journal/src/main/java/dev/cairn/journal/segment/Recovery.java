package dev.cairn.journal.segment;

import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.cairn.journal.JournalException;
import dev.cairn.time.Clock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a journal directory to a state to append to, at open: reads every segment's header, checks that
 * the segments follow each other without a gap, and truncates the torn tail of the last one.
 */
final class Recovery {

    /*
     * Why only the last segment is scanned, and why its tail is truncated rather than refused
     * -----------------------------------------------------------------------------------------
     * The writer rolls to a new segment only after everything written to the old one is durable, and it
     * creates the new one whole (temporary file, rename, directory fsync). So a crash can damage only the
     * last segment, and only past the durable end: bytes of appends that were not acknowledged. Earlier
     * segments are checked for length (each must end where the next begins), and their records are
     * checked by readers, which refuse a record that fails its checksum.
     *
     * In the last segment, the page cache may write back unacknowledged bytes in any order before a
     * crash, so a valid-looking record can follow an invalid one; unlike the metadata log, where appends
     * are forced one at a time, that is no sign of damage here. Recovery keeps the records before the
     * first invalid one and truncates the rest, with a WARN naming the file and offset. Every
     * acknowledged record lies before that point, since an append is acknowledged only when everything
     * before it is durable.
     */

    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    /** The segments found, oldest first, and the offset after the last valid record. */
    record Recovered(List<Segment> segments, long end) {}

    private Recovery() {}

    static Recovered recover(JournalDirectory directory, Clock clock) throws IOException {
        List<Path> files = directory.segmentFiles();
        if (files.isEmpty()) {
            return new Recovered(List.of(directory.createSegment(0, clock.now())), 0);
        }
        List<Segment> segments = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (Path file : files) {
            try (FileChannel channel = directory.opener().open(file, READ)) {
                long size = channel.size();
                if (size < Segment.HEADER_BYTES) {
                    throw new JournalException("journal segment " + file + " is " + size
                            + " bytes long, shorter than its header; it was damaged outside Cairn. Restore the journal"
                            + " directory from a backup");
                }
                ByteBuffer header = ByteBuffer.allocate(Segment.HEADER_BYTES);
                FrameReader.readFully(channel, header, 0);
                segments.add(Segment.fromHeader(file, header));
                sizes.add(size);
            } catch (Segment.InvalidHeaderException e) {
                throw new JournalException("journal segment " + file + " cannot be read: " + e.getMessage());
            }
        }
        for (int i = 0; i + 1 < segments.size(); i++) {
            long end = segments.get(i).base() + sizes.get(i) - Segment.HEADER_BYTES;
            long nextBase = segments.get(i + 1).base();
            if (end != nextBase) {
                throw new JournalException("journal segment " + segments.get(i) + " ends at offset " + end
                        + " but the next segment, " + segments.get(i + 1) + ", begins at offset " + nextBase
                        + "; a segment was cut short, extended or removed outside Cairn. Restore the journal"
                        + " directory from a backup");
            }
        }
        Segment last = segments.get(segments.size() - 1);
        long end = truncateTornTail(directory, last, sizes.get(sizes.size() - 1));
        return new Recovered(segments, end);
    }

    /** Scans the last segment, truncates what follows its last valid record, and returns the end offset. */
    private static long truncateTornTail(JournalDirectory directory, Segment segment, long size) throws IOException {
        try (FileChannel channel = directory.opener().open(segment.path(), READ, WRITE)) {
            FrameReader frames = new FrameReader();
            long position = Segment.HEADER_BYTES;
            while (position < size) {
                FrameReader.Result result = frames.read(channel, position, size);
                if (result instanceof FrameReader.Frame frame) {
                    position += frame.frameLength();
                    continue;
                }
                FrameReader.Invalid invalid = (FrameReader.Invalid) result;
                log.warn(
                        "Journal segment {} has a torn tail at offset {} (byte {} of the file: {}): truncating the {}"
                                + " bytes after the last whole record, which a crash cut short before their appends"
                                + " were acknowledged",
                        segment,
                        segment.base() + position - Segment.HEADER_BYTES,
                        position,
                        invalid.problem(),
                        size - position);
                channel.truncate(position);
                channel.force(true);
                break;
            }
            return segment.base() + position - Segment.HEADER_BYTES;
        }
    }
}
