package dev.cairn.trail.validation;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The verdict on one digest file.
 *
 * @param bucket the bucket it was read from
 * @param key its key
 * @param backfill whether it is a backfill digest ({@code _backfill.json.gz})
 * @param problem why it is invalid, as validate-logs words it after {@code INVALID: }; null when it is valid
 */
public record DigestResult(
        String bucket,
        String key,
        boolean backfill,
        @Nullable String problem) {

    /** The digest does not exist (S3 {@code NoSuchKey}). */
    public static final String NOT_FOUND = "not found";

    /** The digest is not one gzip member holding a JSON object with the members validate-logs needs. */
    public static final String INVALID_FORMAT = "invalid format";

    /** The signature metadata is missing, or the signature does not verify. */
    public static final String SIGNATURE_FAILED = "signature verification failed";

    /** {@code digestS3Bucket} and {@code digestS3Object} name another place than where it was read. */
    public static final String MOVED = "has been moved from its original location";

    /**
     * The digest's {@code previousDigestHashValue} is not the SHA-256 of the uncompressed bytes of the
     * previous digest it names (a check validate-logs lacks).
     */
    public static final String PREVIOUS_HASH_MISMATCH = "previousDigestHashValue does not match the previous digest";

    public DigestResult {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
    }

    /** Returns whether the digest passed every check. */
    public boolean valid() {
        return problem == null;
    }

    /**
     * Returns the line validate-logs prints for it: {@code Digest file<TAB>s3://bucket/key<TAB>valid}, or
     * {@code INVALID: problem} in place of {@code valid}, with {@code (backfill) } in front for a backfill
     * digest.
     */
    public String line() {
        return (backfill ? "(backfill) " : "") + "Digest file\ts3://" + bucket + "/" + key + "\t"
                + (problem == null ? "valid" : "INVALID: " + problem);
    }

    /** Returns the message for a digest signed with a key that ListPublicKeys did not return. */
    static String publicKeyNotFound(String homeRegion, String fingerprint) {
        return "public key not found in region " + homeRegion + " for fingerprint " + fingerprint;
    }

    /** Returns the message for a public key that is not a DER PKCS#1 {@code RSAPublicKey}. */
    static String unloadableKey(String fingerprint) {
        return "Unable to load PKCS #1 key with fingerprint " + fingerprint;
    }
}
