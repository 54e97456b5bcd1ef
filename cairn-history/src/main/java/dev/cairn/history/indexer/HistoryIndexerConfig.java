package dev.cairn.history.indexer;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The settings of a {@link HistoryIndexer}. Start from {@link #defaults()} and change what you need.
 *
 * @param batchSize the most events appended to the store at once
 * @param maxBatchDelay the longest a read event waits for more to fill its batch; a batch is appended at
 *     once when the journal has nothing more to read
 * @param commitInterval how often at most the store and the journal position are committed while events
 *     arrive; what was appended but not committed is read from the journal again after a crash
 * @param commitEvents how many events appended since the last commit make a commit due before
 *     {@code commitInterval} has passed
 * @param retention how long events are kept, 90 days in CloudTrail's event history; older ones are never
 *     returned and are deleted
 * @param retentionInterval how often older events are deleted; also once at start
 * @param retryDelay how long the indexer waits before trying again after the store failed
 */
public record HistoryIndexerConfig(
        int batchSize,
        Duration maxBatchDelay,
        Duration commitInterval,
        int commitEvents,
        Duration retention,
        Duration retentionInterval,
        Duration retryDelay) {

    public HistoryIndexerConfig {
        requireNonNull(maxBatchDelay, "maxBatchDelay is null");
        requireNonNull(commitInterval, "commitInterval is null");
        requireNonNull(retention, "retention is null");
        requireNonNull(retentionInterval, "retentionInterval is null");
        requireNonNull(retryDelay, "retryDelay is null");
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("batchSize must be between 1 and 100000, got " + batchSize);
        }
        if (commitEvents < 1) {
            throw new IllegalArgumentException("commitEvents must be at least 1, got " + commitEvents);
        }
        requirePositive("maxBatchDelay", maxBatchDelay);
        requirePositive("commitInterval", commitInterval);
        requirePositive("retention", retention);
        requirePositive("retentionInterval", retentionInterval);
        requirePositive("retryDelay", retryDelay);
    }

    /**
     * Returns the defaults: batches of up to 5,000 events or 50 ms, a commit every 30 seconds or 500,000
     * events, 90 days of retention applied every hour, and a retry after 1 s. A commit syncs every index
     * file written since the last one; the journal, whose syncs every recorded call waits for, shares the
     * disk, so commits are rare: a crash costs re-reading at most their interval from the journal.
     */
    public static HistoryIndexerConfig defaults() {
        return new HistoryIndexerConfig(
                5_000,
                Duration.ofMillis(50),
                Duration.ofSeconds(30),
                500_000,
                Duration.ofDays(90),
                Duration.ofHours(1),
                Duration.ofSeconds(1));
    }

    public HistoryIndexerConfig withBatchSize(int batchSize) {
        return new HistoryIndexerConfig(
                batchSize, maxBatchDelay, commitInterval, commitEvents, retention, retentionInterval, retryDelay);
    }

    public HistoryIndexerConfig withMaxBatchDelay(Duration maxBatchDelay) {
        return new HistoryIndexerConfig(
                batchSize, maxBatchDelay, commitInterval, commitEvents, retention, retentionInterval, retryDelay);
    }

    public HistoryIndexerConfig withCommitInterval(Duration commitInterval) {
        return new HistoryIndexerConfig(
                batchSize, maxBatchDelay, commitInterval, commitEvents, retention, retentionInterval, retryDelay);
    }

    public HistoryIndexerConfig withCommitEvents(int commitEvents) {
        return new HistoryIndexerConfig(
                batchSize, maxBatchDelay, commitInterval, commitEvents, retention, retentionInterval, retryDelay);
    }

    public HistoryIndexerConfig withRetention(Duration retention) {
        return new HistoryIndexerConfig(
                batchSize, maxBatchDelay, commitInterval, commitEvents, retention, retentionInterval, retryDelay);
    }

    public HistoryIndexerConfig withRetentionInterval(Duration retentionInterval) {
        return new HistoryIndexerConfig(
                batchSize, maxBatchDelay, commitInterval, commitEvents, retention, retentionInterval, retryDelay);
    }

    public HistoryIndexerConfig withRetryDelay(Duration retryDelay) {
        return new HistoryIndexerConfig(
                batchSize, maxBatchDelay, commitInterval, commitEvents, retention, retentionInterval, retryDelay);
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
