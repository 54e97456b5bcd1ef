package dev.cairn.trail.digest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.cairn.signing.SigningKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Writes one digest file of a chain: the JSON that lists the log files delivered in {@code (start, end]}
 * and links to the previous digest, its key, its gzip and its {@code SHA256withRSA} signature.
 *
 * <p>The JSON is compact, with members in the order of AWS's published digest: {@code awsAccountId},
 * {@code digestStartTime}, {@code digestEndTime}, {@code digestS3Bucket}, {@code digestS3Object}, {@code
 * digestPublicKeyFingerprint}, {@code digestSignatureAlgorithm}, {@code newestEventTime}, {@code
 * oldestEventTime}, {@code previousDigestS3Bucket}, {@code previousDigestS3Object}, {@code
 * previousDigestHashValue}, {@code previousDigestHashAlgorithm}, {@code previousDigestSignature}, {@code
 * logFiles}. At a chain start the five {@code previous*} members are JSON null, and in an empty hour the
 * event times are null and {@code logFiles} is {@code []}; no member is ever left out, because
 * validate-logs needs some of them even when null.
 *
 * <p>Notes. validate-logs verifies the signature over {@link #stringToSign} built from the inflated bytes
 * exactly as stored, so the JSON is serialized once: those bytes are hashed, signed and gzip'd, never
 * re-encoded. The gzip is one member (validate-logs stops inflating after the first).
 */
public final class DigestWriter {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String SHA_256 = "SHA-256";

    private DigestWriter() {}

    /**
     * Returns the digest of {@code target}'s chain for {@code (start, end]}.
     *
     * @param logFiles the log files delivered in {@code (start, end]}, in the order to list them; may be empty
     * @param previous the chain's last digest, or null when this digest starts a chain
     * @param key the signing key of {@code target.sourceRegion()}
     * @throws IllegalArgumentException if a time has a fraction of a second, {@code start} is not before
     *     {@code end}, {@code start} is not where {@code previous} ended, or {@code key} is another region's
     */
    public static SignedDigest write(
            DigestTarget target,
            Instant start,
            Instant end,
            List<LogFileEntry> logFiles,
            @Nullable DigestChain previous,
            SigningKey key) {
        requireNonNull(target, "target is null");
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        requireNonNull(logFiles, "logFiles is null");
        requireNonNull(key, "key is null");
        CloudTrailTimes.wholeSeconds(start, "digest start time");
        CloudTrailTimes.wholeSeconds(end, "digest end time");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("digest start time " + start + " must be before its end time " + end);
        }
        if (previous != null && !previous.endTime().equals(start)) {
            throw new IllegalArgumentException("digest start time " + start + " must be the end time "
                    + previous.endTime() + " of the previous digest " + previous.key());
        }
        if (!key.region().equals(target.sourceRegion())) {
            throw new IllegalArgumentException("digests of source region " + target.sourceRegion()
                    + " must be signed with that region's key, not " + key);
        }
        List<LogFileEntry> files = List.copyOf(logFiles);
        String digestKey = target.digestKey(end);
        String endTime = CloudTrailTimes.JSON.format(end);

        byte[] json = json(
                target,
                digestKey,
                start,
                endTime,
                files,
                previous,
                key.publicKey().fingerprint());
        String sha256Hex = Hashes.sha256Hex(json);
        String toSign = stringToSign(
                endTime, target.bucket(), digestKey, sha256Hex, previous == null ? null : previous.signatureHex());
        String signatureHex = sign(toSign, key);
        return new SignedDigest(target.bucket(), digestKey, json, gzip(json), sha256Hex, signatureHex, start, end);
    }

    /**
     * Returns the text a digest's signature covers, as validate-logs rebuilds it:
     * {@code endTime \n bucket/key \n sha256Hex \n previousSignature}, with the four characters {@code null}
     * when there is no previous signature. No trailing newline.
     *
     * @param endTime the digest's {@code digestEndTime} exactly as in its JSON
     * @param sha256Hex the lowercase hex SHA-256 of the digest's uncompressed bytes
     */
    public static String stringToSign(
            String endTime, String bucket, String key, String sha256Hex, @Nullable String previousSignature) {
        return endTime + "\n" + bucket + "/" + key + "\n" + sha256Hex + "\n"
                + (previousSignature == null ? "null" : previousSignature);
    }

    private static byte[] json(
            DigestTarget target,
            String digestKey,
            Instant start,
            String endTime,
            List<LogFileEntry> files,
            @Nullable DigestChain previous,
            String fingerprint) {
        @Nullable Instant newest = null;
        @Nullable Instant oldest = null;
        for (LogFileEntry file : files) {
            if (newest == null || file.newestEventTime().isAfter(newest)) {
                newest = file.newestEventTime();
            }
            if (oldest == null || file.oldestEventTime().isBefore(oldest)) {
                oldest = file.oldestEventTime();
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + 400 * files.size());
        try (JsonGenerator gen = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            gen.writeStartObject();
            gen.writeStringField("awsAccountId", target.account());
            gen.writeStringField("digestStartTime", CloudTrailTimes.JSON.format(start));
            gen.writeStringField("digestEndTime", endTime);
            gen.writeStringField("digestS3Bucket", target.bucket());
            gen.writeStringField("digestS3Object", digestKey);
            gen.writeStringField("digestPublicKeyFingerprint", fingerprint);
            gen.writeStringField("digestSignatureAlgorithm", SignedDigest.SHA256_WITH_RSA);
            writeTime(gen, "newestEventTime", newest);
            writeTime(gen, "oldestEventTime", oldest);
            writeNullable(gen, "previousDigestS3Bucket", previous == null ? null : previous.bucket());
            writeNullable(gen, "previousDigestS3Object", previous == null ? null : previous.key());
            writeNullable(gen, "previousDigestHashValue", previous == null ? null : previous.sha256Hex());
            writeNullable(gen, "previousDigestHashAlgorithm", previous == null ? null : SHA_256);
            writeNullable(gen, "previousDigestSignature", previous == null ? null : previous.signatureHex());
            gen.writeArrayFieldStart("logFiles");
            for (LogFileEntry file : files) {
                gen.writeStartObject();
                gen.writeStringField("s3Bucket", file.bucket());
                gen.writeStringField("s3Object", file.key());
                gen.writeStringField("hashValue", file.sha256Hex());
                gen.writeStringField("hashAlgorithm", SHA_256);
                writeTime(gen, "newestEventTime", file.newestEventTime());
                writeTime(gen, "oldestEventTime", file.oldestEventTime());
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeTime(JsonGenerator gen, String name, @Nullable Instant time) throws IOException {
        writeNullable(gen, name, time == null ? null : CloudTrailTimes.JSON.format(time));
    }

    private static void writeNullable(JsonGenerator gen, String name, @Nullable String value) throws IOException {
        if (value == null) {
            gen.writeNullField(name);
        } else {
            gen.writeStringField(name, value);
        }
    }

    private static String sign(String toSign, SigningKey key) {
        try {
            Signature signature = Signature.getInstance(SignedDigest.SHA256_WITH_RSA);
            signature.initSign(key.privateKey());
            signature.update(toSign.getBytes(UTF_8));
            return HexFormat.of().formatHex(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a digest with " + key + ": " + e, e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
