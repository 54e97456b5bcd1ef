package dev.cairn.server.cloudtrail;

import static java.util.Objects.requireNonNull;

import dev.cairn.history.LookupCursor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * LookupEvents' opaque {@code NextToken}: the position after the last event returned, bound to the query
 * it belongs to and signed, so that a token cannot be altered, forged, or reused with other parameters.
 *
 * <p>Layout before base64url: version (1 byte), the first 16 bytes of SHA-256 over the query's
 * parameters, the cursor (event time in seconds, ingest sequence), then an HMAC-SHA256 of all that, cut to
 * 16 bytes. The key lives in the data directory, so tokens stay valid across restarts.
 */
final class NextTokens {
    private static final byte VERSION = 1;
    private static final int QUERY_HASH = 16;
    private static final int MAC = 16;
    private static final int LENGTH = 1 + QUERY_HASH + 8 + 8 + MAC;

    private final SecretKeySpec key;

    NextTokens(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the NextToken key must be at least 32 bytes, got " + secret.length);
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** Returns the token that resumes {@code query} after {@code cursor}. */
    String encode(String query, LookupCursor cursor) {
        ByteBuffer buf = ByteBuffer.allocate(LENGTH);
        buf.put(VERSION)
                .put(queryHash(query))
                .putLong(cursor.eventTimeSeconds())
                .putLong(cursor.sequence());
        buf.put(mac(buf.array(), LENGTH - MAC));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    /** Returns the cursor of a token issued for this same {@code query}, or null when it is not one. */
    @Nullable
    LookupCursor decode(String query, String token) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(requireNonNull(token, "token is null"));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length != LENGTH || raw[0] != VERSION) {
            return null;
        }
        byte[] expected = mac(raw, LENGTH - MAC);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, LENGTH - MAC, LENGTH))) {
            return null;
        }
        if (!MessageDigest.isEqual(queryHash(query), Arrays.copyOfRange(raw, 1, 1 + QUERY_HASH))) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(raw, 1 + QUERY_HASH, 16);
        return new LookupCursor(buf.getLong(), buf.getLong());
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(data, 0, length);
            return Arrays.copyOf(mac.doFinal(), MAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static byte[] queryHash(String query) {
        try {
            return Arrays.copyOf(
                    MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8)), QUERY_HASH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
