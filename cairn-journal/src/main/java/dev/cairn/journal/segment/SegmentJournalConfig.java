package dev.cairn.journal.segment;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The settings of a {@link SegmentJournal}. Start from {@link #defaults()} and change what you need.
 *
 * @param segmentBytes the size at which the journal continues in a new segment file; a segment exceeds it
 *     only by a single append larger than it
 * @param maxRecordBytes the largest payload of one record
 * @param maxBatchBytes the most bytes the writer gathers into one write; a single append larger than
 *     this is written alone
 * @param syncThreads how many fsyncs may be in flight at once: 1 is classic group commit, more let
 *     forces overlap (see {@code GroupCommit})
 * @param retention how long a segment is kept at least after the journal moved on from it; see
 *     {@link SegmentJournal#applyRetention()}
 */
public record SegmentJournalConfig(
        long segmentBytes, int maxRecordBytes, int maxBatchBytes, int syncThreads, Duration retention) {

    /** The smallest segment size, small enough for tests that roll often. */
    public static final long MIN_SEGMENT_BYTES = 1024;

    public SegmentJournalConfig {
        requireNonNull(retention, "retention is null");
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException(
                    "segmentBytes must be at least " + MIN_SEGMENT_BYTES + ", got " + segmentBytes);
        }
        if (maxRecordBytes < 1 || maxRecordBytes > RecordFormat.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("maxRecordBytes must be between 1 and " + RecordFormat.MAX_PAYLOAD_BYTES
                    + ", got " + maxRecordBytes);
        }
        if (maxBatchBytes < 4096) {
            throw new IllegalArgumentException("maxBatchBytes must be at least 4096, got " + maxBatchBytes);
        }
        if (syncThreads < 1 || syncThreads > 64) {
            throw new IllegalArgumentException("syncThreads must be between 1 and 64, got " + syncThreads);
        }
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative, got " + retention);
        }
    }

    /**
     * Returns the defaults: 64 MiB segments, records of up to 4 MiB, writes of up to 1 MiB, 4 fsyncs in
     * flight, and 7 days of retention.
     */
    public static SegmentJournalConfig defaults() {
        return new SegmentJournalConfig(64L << 20, 4 << 20, 1 << 20, 4, Duration.ofDays(7));
    }

    public SegmentJournalConfig withSegmentBytes(long segmentBytes) {
        return new SegmentJournalConfig(segmentBytes, maxRecordBytes, maxBatchBytes, syncThreads, retention);
    }

    public SegmentJournalConfig withMaxRecordBytes(int maxRecordBytes) {
        return new SegmentJournalConfig(segmentBytes, maxRecordBytes, maxBatchBytes, syncThreads, retention);
    }

    public SegmentJournalConfig withMaxBatchBytes(int maxBatchBytes) {
        return new SegmentJournalConfig(segmentBytes, maxRecordBytes, maxBatchBytes, syncThreads, retention);
    }

    public SegmentJournalConfig withSyncThreads(int syncThreads) {
        return new SegmentJournalConfig(segmentBytes, maxRecordBytes, maxBatchBytes, syncThreads, retention);
    }

    public SegmentJournalConfig withRetention(Duration retention) {
        return new SegmentJournalConfig(segmentBytes, maxRecordBytes, maxBatchBytes, syncThreads, retention);
    }
}
