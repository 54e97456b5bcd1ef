package dev.cairn.trail.delivery;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How trail delivery batches, writes and retries.
 *
 * @param flushInterval how long an event may wait in a batch before its log file is written; 1 s to 1 h,
 *     60 s by default
 * @param digestInterval how long each digest file covers; 1 h by default, shorter for tests
 * @param maxFileBytes the uncompressed size at which a batch is written at once, whatever its age
 * @param minRetry the first wait after a failed write; each further failure doubles it
 * @param maxRetry the longest wait between retries
 * @param catalogRefresh how often the set of trails is read again to start and stop deliverers
 */
public record TrailDeliveryConfig(
        Duration flushInterval,
        Duration digestInterval,
        int maxFileBytes,
        Duration minRetry,
        Duration maxRetry,
        Duration catalogRefresh) {

    public static final Duration MIN_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MAX_FLUSH_INTERVAL = Duration.ofHours(1);

    public TrailDeliveryConfig {
        requireNonNull(flushInterval, "flushInterval is null");
        requireNonNull(digestInterval, "digestInterval is null");
        requireNonNull(minRetry, "minRetry is null");
        requireNonNull(maxRetry, "maxRetry is null");
        requireNonNull(catalogRefresh, "catalogRefresh is null");
        if (flushInterval.compareTo(MIN_FLUSH_INTERVAL) < 0 || flushInterval.compareTo(MAX_FLUSH_INTERVAL) > 0) {
            throw new IllegalArgumentException(
                    "the trail flush interval " + flushInterval + " must be from 1 s to 1 h");
        }
        if (digestInterval.compareTo(Duration.ofSeconds(1)) < 0 || digestInterval.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException(
                    "the digest interval " + digestInterval + " must be a whole number of seconds, at least 1 s");
        }
        if (maxFileBytes < 1024) {
            throw new IllegalArgumentException("maxFileBytes " + maxFileBytes + " must be at least 1024");
        }
        if (minRetry.isNegative() || minRetry.isZero() || maxRetry.compareTo(minRetry) < 0) {
            throw new IllegalArgumentException(
                    "retry waits must be positive with minRetry <= maxRetry, got " + minRetry + " and " + maxRetry);
        }
    }

    /** Returns the defaults: 60 s flushes, hourly digests, 16 MiB files, retries from 1 s to 60 s. */
    public static TrailDeliveryConfig defaults() {
        return new TrailDeliveryConfig(
                Duration.ofSeconds(60),
                Duration.ofHours(1),
                16 << 20,
                Duration.ofSeconds(1),
                Duration.ofSeconds(60),
                Duration.ofSeconds(1));
    }

    public TrailDeliveryConfig withFlushInterval(Duration interval) {
        return new TrailDeliveryConfig(interval, digestInterval, maxFileBytes, minRetry, maxRetry, catalogRefresh);
    }

    public TrailDeliveryConfig withDigestInterval(Duration interval) {
        return new TrailDeliveryConfig(flushInterval, interval, maxFileBytes, minRetry, maxRetry, catalogRefresh);
    }

    public TrailDeliveryConfig withMaxFileBytes(int bytes) {
        return new TrailDeliveryConfig(flushInterval, digestInterval, bytes, minRetry, maxRetry, catalogRefresh);
    }

    public TrailDeliveryConfig withRetry(Duration min, Duration max) {
        return new TrailDeliveryConfig(flushInterval, digestInterval, maxFileBytes, min, max, catalogRefresh);
    }

    public TrailDeliveryConfig withCatalogRefresh(Duration refresh) {
        return new TrailDeliveryConfig(flushInterval, digestInterval, maxFileBytes, minRetry, maxRetry, refresh);
    }
}
