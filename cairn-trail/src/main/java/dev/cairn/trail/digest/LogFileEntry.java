package dev.cairn.trail.digest;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One delivered log file as a digest lists it.
 *
 * @param bucket the bucket it was put in
 * @param key its full object key, prefix included
 * @param sha256Hex the lowercase hex SHA-256 of its uncompressed bytes (the JSON, before gzip)
 * @param newestEventTime the {@code eventTime} of its newest event
 * @param oldestEventTime the {@code eventTime} of its oldest event
 */
public record LogFileEntry(
        String bucket, String key, String sha256Hex, Instant newestEventTime, Instant oldestEventTime) {

    public LogFileEntry {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        requireNonNull(sha256Hex, "sha256Hex is null");
        requireNonNull(newestEventTime, "newestEventTime is null");
        requireNonNull(oldestEventTime, "oldestEventTime is null");
        if (bucket.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException(
                    "log file bucket '" + bucket + "' and key '" + key + "' must not be empty");
        }
        Hashes.checkSha256Hex(sha256Hex, "log file hash");
        if (newestEventTime.isBefore(oldestEventTime)) {
            throw new IllegalArgumentException("log file " + key + " has newest event time " + newestEventTime
                    + " before its oldest event time " + oldestEventTime);
        }
    }

    /**
     * Returns the entry of the log file put at {@code bucket}/{@code key} whose uncompressed bytes are {@code
     * uncompressed}; the hash is computed here.
     */
    public static LogFileEntry of(
            String bucket, String key, byte[] uncompressed, Instant newestEventTime, Instant oldestEventTime) {
        requireNonNull(uncompressed, "uncompressed is null");
        return new LogFileEntry(bucket, key, Hashes.sha256Hex(uncompressed), newestEventTime, oldestEventTime);
    }
}
