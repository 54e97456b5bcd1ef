package dev.cairn.trail.digest;

import static java.util.Objects.requireNonNull;

import dev.cairn.bucket.ObjectAttributes;
import java.time.Instant;
import java.util.Map;

/**
 * A digest file ready to put: its location, its exact bytes, and its signature.
 *
 * @param bucket the bucket to put it in
 * @param key its object key
 * @param json the digest JSON exactly as hashed and signed (UTF-8)
 * @param gzip {@code json} as a single gzip member: the object's content
 * @param sha256Hex the lowercase hex SHA-256 of {@code json}
 * @param signatureHex the lowercase hex {@code SHA256withRSA} signature, the {@code signature} metadata
 * @param start the digest's start time
 * @param end the digest's end time
 */
public record SignedDigest(
        String bucket,
        String key,
        byte[] json,
        byte[] gzip,
        String sha256Hex,
        String signatureHex,
        Instant start,
        Instant end) {

    /** The user metadata entry that holds the signature ({@code x-amz-meta-signature}). */
    public static final String SIGNATURE = "signature";

    /** The user metadata entry that names the signature algorithm ({@code x-amz-meta-signature-algorithm}). */
    public static final String SIGNATURE_ALGORITHM = "signature-algorithm";

    /** The only signature algorithm, as digests and their metadata name it. */
    public static final String SHA256_WITH_RSA = "SHA256withRSA";

    public SignedDigest {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        requireNonNull(json, "json is null");
        requireNonNull(gzip, "gzip is null");
        requireNonNull(sha256Hex, "sha256Hex is null");
        requireNonNull(signatureHex, "signatureHex is null");
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
    }

    /** Returns the user metadata to put with the object: {@code signature} and {@code signature-algorithm}. */
    public Map<String, String> metadata() {
        return Map.of(SIGNATURE, signatureHex, SIGNATURE_ALGORITHM, SHA256_WITH_RSA);
    }

    /**
     * Returns the attributes to put with the object: {@link #metadata()}, {@code Content-Type:
     * application/json} and {@code Content-Encoding: gzip}.
     */
    public ObjectAttributes attributes() {
        return new ObjectAttributes("application/json", "gzip", metadata());
    }

    /** Returns the chain link to this digest, which the next digest of the chain starts from. */
    public DigestChain chain() {
        return new DigestChain(bucket, key, sha256Hex, signatureHex, end);
    }

    @Override
    public String toString() {
        return "SignedDigest[s3://" + bucket + "/" + key + ", " + start + " to " + end + ", " + json.length + " bytes]";
    }
}
