package dev.cairn.journal.segment;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads the frames of one segment file in order, through a buffer of whole chunks, checking each
 * frame's length and checksum. Used by recovery, to find where the valid records end, and by readers.
 * Not thread-safe; call {@link #reset()} before reading another file.
 */
final class FrameReader {

    private static final int CHUNK_BYTES = 1 << 20;

    /** What is at a file position: a whole, valid record, or why there is none. */
    sealed interface Result {}

    /** A valid record, whose frame takes {@code frameLength} bytes. */
    record Frame(String key, byte[] payload, int frameLength) implements Result {}

    /** Bytes that are not a whole, valid record. */
    record Invalid(String problem) implements Result {}

    private ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
    /** The file position of the buffer's first byte, or -1 when the buffer holds nothing. */
    private long start = -1;
    /** How many bytes from {@link #start} the buffer holds. */
    private int filled;

    /**
     * Reads the record at file position {@code position} of {@code channel}, looking no further than
     * {@code limit}, the file position where the bytes that may be read end.
     */
    Result read(FileChannel channel, long position, long limit) throws IOException {
        long available = limit - position;
        if (available < RecordFormat.FRAME_OVERHEAD) {
            return new Invalid(
                    "record header cut short after " + available + " of " + RecordFormat.FRAME_OVERHEAD + " bytes");
        }
        int at = load(channel, position, RecordFormat.FRAME_OVERHEAD, limit);
        int length = buffer.getInt(at);
        if (!RecordFormat.validLength(length)) {
            return new Invalid("record length " + length + " is out of range");
        }
        if (length > available - RecordFormat.FRAME_OVERHEAD) {
            return new Invalid("record of " + length + " bytes cut short after "
                    + (available - RecordFormat.FRAME_OVERHEAD) + " bytes");
        }
        at = load(channel, position, RecordFormat.FRAME_OVERHEAD + length, limit);
        if (!RecordFormat.checksumMatches(buffer, at, length)) {
            return new Invalid("record checksum mismatch");
        }
        RecordFormat.Body body = RecordFormat.decodeBody(buffer, at + RecordFormat.FRAME_OVERHEAD, length);
        if (body == null) {
            return new Invalid("record's key length does not fit in its body");
        }
        return new Frame(body.key(), body.payload(), RecordFormat.FRAME_OVERHEAD + length);
    }

    /** Forgets what the buffer holds. */
    void reset() {
        start = -1;
        filled = 0;
    }

    /**
     * Makes the buffer hold the {@code length} bytes at file position {@code position}, reading a chunk from
     * there when it does not yet, and returns their index in the buffer.
     */
    private int load(FileChannel channel, long position, int length, long limit) throws IOException {
        if (start >= 0 && position >= start && position + length <= start + filled) {
            return (int) (position - start);
        }
        if (length > buffer.capacity()) {
            buffer = ByteBuffer.allocate(Math.max(length, CHUNK_BYTES));
        }
        int want = (int) Math.min(buffer.capacity(), limit - position);
        buffer.clear().limit(want);
        start = -1;
        readFully(channel, buffer, position);
        start = position;
        filled = want;
        return 0;
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
