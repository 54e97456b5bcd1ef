package dev.cairn.trail.validation;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The verdict on one log file.
 *
 * @param bucket its bucket
 * @param key its key
 * @param problem why it is invalid, as validate-logs words it after {@code INVALID: }; null when it is valid
 */
public record LogFileResult(
        String bucket, String key, @Nullable String problem) {

    /** A digest lists the log file, but it does not exist (S3 {@code NoSuchKey}). */
    public static final String NOT_FOUND = "not found";

    /** The SHA-256 of its uncompressed bytes is not the {@code hashValue} its digest lists. */
    public static final String HASH_MISMATCH = "hash value doesn't match";

    /** It is not gzip (or cannot be read for another reason than being missing). */
    public static final String INVALID_FORMAT = "invalid format";

    /**
     * It lies in the log folder at a time that valid digests cover, but none lists it: it was added or
     * renamed after delivery (a check validate-logs lacks).
     */
    public static final String NOT_LISTED = "not listed in any digest";

    public LogFileResult {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
    }

    /** Returns whether the log file passed every check. */
    public boolean valid() {
        return problem == null;
    }

    /**
     * Returns the line validate-logs prints for it: {@code Log file<TAB>s3://bucket/key<TAB>valid}, or {@code
     * INVALID: problem} in place of {@code valid}.
     */
    public String line() {
        return "Log file\ts3://" + bucket + "/" + key + "\t" + (problem == null ? "valid" : "INVALID: " + problem);
    }
}
