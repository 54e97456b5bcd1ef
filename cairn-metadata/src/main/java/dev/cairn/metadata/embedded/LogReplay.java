package dev.cairn.metadata.embedded;

import dev.cairn.metadata.MetadataStoreException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code metadata.log} into {@link Tables} at open, and tells a torn tail, which is expected after
 * a crash, from corruption, which is not.
 *
 * <p>A record that is cut short or fails its checksum is a torn tail when no valid record follows it:
 * the crash interrupted the last append, whose batch was never acknowledged. When a valid record does
 * follow, bytes in the middle of the log changed after they were made durable; replaying around them
 * would silently lose acknowledged batches, so the log is refused.
 */
final class LogReplay {

    /** How much of the log after a bad record is read at once while looking for a valid record. */
    private static final int SCAN_WINDOW = 1 << 20;

    /** Where the valid records end, and the torn tail after them, if any. */
    record Result(long validEnd, @Nullable TornTail tornTail) {}

    /** Bytes after the last valid record that are not a whole valid record. */
    record TornTail(long offset, long length, String problem) {}

    private LogReplay() {}

    /**
     * Applies every valid record of the log to {@code tables}.
     *
     * @throws MetadataStoreException when the file is not a metadata log, or is corrupt before its tail
     */
    static Result replay(FileChannel channel, Path file, Tables tables) throws IOException {
        long size = channel.size();
        byte[] header = new byte[LogFormat.HEADER.length];
        if (size < header.length) {
            throw new MetadataStoreException("metadata log " + file + " is " + size + " bytes long, shorter than its "
                    + header.length + "-byte header; it is not a Cairn metadata log, or was damaged outside Cairn");
        }
        readFully(channel, ByteBuffer.wrap(header), 0);
        if (!Arrays.equals(header, LogFormat.HEADER)) {
            throw new MetadataStoreException("metadata log " + file + " does not start with the header "
                    + new String(LogFormat.HEADER, StandardCharsets.US_ASCII)
                    + "; it is not a Cairn metadata log of a version this Cairn reads");
        }
        ByteBuffer frame = ByteBuffer.allocate(LogFormat.FRAME_OVERHEAD);
        long position = header.length;
        while (position < size) {
            String problem;
            if (size - position < LogFormat.FRAME_OVERHEAD) {
                problem = "record header cut short after " + (size - position) + " of " + LogFormat.FRAME_OVERHEAD
                        + " bytes";
            } else {
                frame.clear();
                readFully(channel, frame, position);
                int length = frame.getInt(0);
                int crc = frame.getInt(4);
                long available = size - position - LogFormat.FRAME_OVERHEAD;
                if (length < 1 || length > LogFormat.MAX_PAYLOAD) {
                    problem = "record length " + length + " is out of range";
                } else if (length > available) {
                    problem = "record of " + length + " bytes cut short after " + available + " bytes";
                } else {
                    byte[] payload = new byte[length];
                    readFully(channel, ByteBuffer.wrap(payload), position + LogFormat.FRAME_OVERHEAD);
                    if (LogFormat.checksum(length, payload, 0) != crc) {
                        problem = "record checksum mismatch";
                    } else {
                        apply(file, position, payload, tables);
                        position += LogFormat.FRAME_OVERHEAD + length;
                        continue;
                    }
                }
            }
            long next = findValidRecord(channel, position + 1, size);
            if (next >= 0) {
                throw new MetadataStoreException("metadata log " + file + " is corrupt at byte " + position + " ("
                        + problem + ") but holds a valid record at byte " + next
                        + ", so this is not a write cut short by a crash; refusing to open it to avoid losing"
                        + " acknowledged changes. Restore the directory from a backup, or move " + file
                        + " away to start with empty metadata");
            }
            return new Result(position, new TornTail(position, size - position, problem));
        }
        return new Result(size, null);
    }

    private static void apply(Path file, long position, byte[] payload, Tables tables) {
        LogFormat.Record record;
        try {
            record = LogFormat.decode(payload);
        } catch (LogFormat.MalformedRecordException e) {
            throw new MetadataStoreException(
                    "metadata log " + file + " has a record at byte " + position
                            + " whose checksum is valid but whose content cannot be read (" + e.getMessage()
                            + "); it may have been written by a newer Cairn. Refusing to open it",
                    e);
        }
        switch (record) {
            case LogFormat.Changes changes -> tables.apply(changes.changes());
            case LogFormat.Clear clear -> tables.clear();
        }
    }

    /** Returns the offset of the first whole record with a valid checksum at or after {@code from}, or -1. */
    static long findValidRecord(FileChannel channel, long from, long size) throws IOException {
        byte[] window = new byte[(int) Math.min(SCAN_WINDOW, Math.max(0, size - from))];
        ByteBuffer view = ByteBuffer.wrap(window);
        long windowStart = from;
        int windowLength = 0;
        for (long position = from; position + LogFormat.FRAME_OVERHEAD <= size; position++) {
            if (position + LogFormat.FRAME_OVERHEAD > windowStart + windowLength) {
                windowStart = position;
                windowLength = (int) Math.min(window.length, size - position);
                readFully(channel, ByteBuffer.wrap(window, 0, windowLength), position);
            }
            int offset = (int) (position - windowStart);
            int length = view.getInt(offset);
            if (length < 1 || length > LogFormat.MAX_PAYLOAD || length > size - position - LogFormat.FRAME_OVERHEAD) {
                continue;
            }
            int crc = view.getInt(offset + 4);
            int checksum;
            if (offset + LogFormat.FRAME_OVERHEAD + length <= windowLength) {
                checksum = LogFormat.checksum(length, window, offset + LogFormat.FRAME_OVERHEAD);
            } else {
                byte[] payload = new byte[length];
                readFully(channel, ByteBuffer.wrap(payload), position + LogFormat.FRAME_OVERHEAD);
                checksum = LogFormat.checksum(length, payload, 0);
            }
            if (checksum == crc) {
                return position;
            }
        }
        return -1;
    }

    /** Reads until {@code buffer} is full, from {@code position} of the file on. */
    static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new EOFException("end of file at byte " + at + " while reading " + buffer.remaining()
                        + " more bytes from byte " + position);
            }
            at += read;
        }
    }
}
