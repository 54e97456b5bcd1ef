package dev.cairn.trail.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The events of one account and region waiting to become one log file: the bytes of {@code
 * {"Records":[...]}} as it grows, with the count and the oldest and newest event time. Records are the
 * journal's compact event JSON, copied as they are, never re-serialized.
 */
final class LogBatch {
    private static final byte[] OPEN = "{\"Records\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);

    private final String region;
    private byte[] bytes = new byte[8192];
    private int length;
    private int events;
    private @Nullable Instant oldest;
    private @Nullable Instant newest;

    LogBatch(String region) {
        this.region = region;
        reset();
    }

    String region() {
        return region;
    }

    void add(byte[] record, Instant eventTime) {
        ensure(record.length + 1 + CLOSE.length);
        if (events > 0) {
            bytes[length++] = ',';
        }
        System.arraycopy(record, 0, bytes, length, record.length);
        length += record.length;
        events++;
        if (oldest == null || eventTime.isBefore(oldest)) {
            oldest = eventTime;
        }
        if (newest == null || eventTime.isAfter(newest)) {
            newest = eventTime;
        }
    }

    boolean isEmpty() {
        return events == 0;
    }

    int events() {
        return events;
    }

    /** Returns the size of the file's JSON if it were written now. */
    int size() {
        return length + CLOSE.length;
    }

    Instant oldest() {
        if (oldest == null) {
            throw new IllegalStateException("the batch of " + region + " is empty");
        }
        return oldest;
    }

    Instant newest() {
        if (newest == null) {
            throw new IllegalStateException("the batch of " + region + " is empty");
        }
        return newest;
    }

    /** Returns the complete {@code {"Records":[...]}} JSON of the batch. */
    byte[] json() {
        byte[] json = Arrays.copyOf(bytes, length + CLOSE.length);
        System.arraycopy(CLOSE, 0, json, length, CLOSE.length);
        return json;
    }

    void reset() {
        if (bytes.length > 1 << 20) {
            bytes = new byte[8192];
        }
        System.arraycopy(OPEN, 0, bytes, 0, OPEN.length);
        length = OPEN.length;
        events = 0;
        oldest = null;
        newest = null;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
