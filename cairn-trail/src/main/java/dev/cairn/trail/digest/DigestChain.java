package dev.cairn.trail.digest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The link from a digest chain to its next digest: what the last digest of one (trail, account, source
 * region) was, which the next digest names as its {@code previousDigest*} and signs over. The caller keeps
 * one per chain, persisted with {@link #encode()}, and starts a new chain with none.
 *
 * <pre>
 * encoding = UTF-8 JSON object, members in this order:
 *   "version": 1, "digestS3Bucket", "digestS3Object", "digestHashValue", "digestSignature",
 *   "digestEndTime" (ISO-8601 UTC)
 * </pre>
 *
 * @param bucket the bucket the last digest was put in
 * @param key its object key
 * @param sha256Hex the lowercase hex SHA-256 of its uncompressed bytes
 * @param signatureHex its signature, as in its {@code signature} metadata
 * @param endTime its {@code digestEndTime}: the next digest starts there
 */
public record DigestChain(String bucket, String key, String sha256Hex, String signatureHex, Instant endTime) {

    private static final JsonFactory JSON = new JsonFactory();
    private static final int VERSION = 1;
    private static final Set<String> MEMBERS = Set.of(
            "version", "digestS3Bucket", "digestS3Object", "digestHashValue", "digestSignature", "digestEndTime");

    public DigestChain {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        requireNonNull(sha256Hex, "sha256Hex is null");
        requireNonNull(signatureHex, "signatureHex is null");
        requireNonNull(endTime, "endTime is null");
        Hashes.checkSha256Hex(sha256Hex, "digest hash");
        if (signatureHex.isEmpty() || !signatureHex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("digest signature '" + signatureHex + "' must be hex");
        }
    }

    /** Returns this link as bytes that {@link #decode} reads back. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(768);
        try (JsonGenerator gen = JSON.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeNumberField("version", VERSION);
            gen.writeStringField("digestS3Bucket", bucket);
            gen.writeStringField("digestS3Object", key);
            gen.writeStringField("digestHashValue", sha256Hex);
            gen.writeStringField("digestSignature", signatureHex);
            gen.writeStringField("digestEndTime", endTime.toString());
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Reads a link that {@link #encode()} wrote.
     *
     * @throws IllegalArgumentException if {@code bytes} is not such an encoding
     */
    public static DigestChain decode(byte[] bytes) {
        requireNonNull(bytes, "bytes is null");
        Map<String, String> members = new HashMap<>();
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("stored digest chain is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!MEMBERS.contains(name)
                        || !(value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT)) {
                    throw new IllegalArgumentException("stored digest chain has an unexpected member '" + name + "'");
                }
                if (members.put(name, parser.getText()) != null) {
                    throw new IllegalArgumentException("stored digest chain has member '" + name + "' twice");
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new IllegalArgumentException("stored digest chain is not a single JSON object");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("stored digest chain is not valid JSON: " + e.getMessage(), e);
        }
        if (!members.keySet().equals(MEMBERS)) {
            throw new IllegalArgumentException(
                    "stored digest chain has members " + members.keySet() + "; " + MEMBERS + " are needed");
        }
        if (!String.valueOf(VERSION).equals(members.get("version"))) {
            throw new IllegalArgumentException(
                    "stored digest chain has version " + members.get("version") + "; only " + VERSION + " is known");
        }
        try {
            return new DigestChain(
                    member(members, "digestS3Bucket"),
                    member(members, "digestS3Object"),
                    member(members, "digestHashValue"),
                    member(members, "digestSignature"),
                    Instant.parse(member(members, "digestEndTime")));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("stored digest chain has a bad digestEndTime: " + e.getMessage(), e);
        }
    }

    private static String member(Map<String, String> members, String name) {
        return requireNonNull(members.get(name), name + " is missing");
    }
}
