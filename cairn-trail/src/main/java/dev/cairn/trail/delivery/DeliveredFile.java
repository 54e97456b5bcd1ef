package dev.cairn.trail.delivery;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A log file a trail wrote, or is about to write, as its digest will list it.
 *
 * @param region the region of its events
 * @param bucket the bucket it was written to
 * @param key its object key
 * @param sha256 the lowercase hex SHA-256 of its uncompressed bytes
 * @param oldestEventTime the time of its oldest event
 * @param newestEventTime the time of its newest event
 * @param deliveredAt when it was written, which decides the digest that lists it
 */
record DeliveredFile(
        String region,
        String bucket,
        String key,
        String sha256,
        Instant oldestEventTime,
        Instant newestEventTime,
        Instant deliveredAt) {
    DeliveredFile {
        requireNonNull(region, "region is null");
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(oldestEventTime, "oldestEventTime is null");
        requireNonNull(newestEventTime, "newestEventTime is null");
        requireNonNull(deliveredAt, "deliveredAt is null");
    }
}
