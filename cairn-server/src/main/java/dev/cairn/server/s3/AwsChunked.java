package dev.cairn.server.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * A decoder of {@code Content-Encoding: aws-chunked} bodies, the framing SigV4 streaming uploads use: each
 * chunk is {@code hex-size[;chunk-signature=sig] CRLF data CRLF}, a zero-size chunk ends the data, and
 * trailing headers (such as {@code x-amz-checksum-crc32}), possibly signed, may follow.
 *
 * <p>Notes: the signature of chunk n is the HMAC, under the request's signing key, of
 * {@code AWS4-HMAC-SHA256-PAYLOAD \n amz-date \n scope \n signature of chunk n-1 \n sha256("") \n
 * sha256(data)}, where chunk 0's predecessor is the request's own (seed) signature; the final empty chunk
 * is signed too. The trailer signature is the HMAC of {@code AWS4-HMAC-SHA256-TRAILER \n amz-date \n scope
 * \n signature of the final chunk \n sha256(trailer lines)}, the trailer lines being {@code name:value\n}
 * in name order without the signature line. So a chunk cannot be changed, dropped or reordered without
 * breaking the chain. The whole body is in memory (the edge has read it, bounded by the request limit),
 * so decoding is one pass over it.
 */
final class AwsChunked {
    static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    static final String STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String CHUNK_SIGNATURE = "chunk-signature=";
    private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";
    private static final int MAX_LINE = 4096;
    private static final HexFormat HEX = HexFormat.of();

    /**
     * What chunk signatures are checked against: the request's signing key, its {@code X-Amz-Date}, its
     * credential scope and its own signature, which seeds the chain.
     */
    record Signing(byte[] signingKey, String amzDate, String scope, String seedSignature) {
        Signing {
            requireNonNull(signingKey, "signingKey is null");
            requireNonNull(amzDate, "amzDate is null");
            requireNonNull(scope, "scope is null");
            requireNonNull(seedSignature, "seedSignature is null");
        }
    }

    /** How a body is framed, from its {@code x-amz-content-sha256}. */
    enum Mode {
        /** Every chunk carries a signature; no trailer. */
        SIGNED(true, false),
        /** Every chunk carries a signature, and the trailer carries one too. */
        SIGNED_TRAILER(true, true),
        /** No signatures; a trailer may follow. */
        UNSIGNED(false, false);

        final boolean signedChunks;
        final boolean signedTrailer;

        Mode(boolean signedChunks, boolean signedTrailer) {
            this.signedChunks = signedChunks;
            this.signedTrailer = signedTrailer;
        }

        /** Returns the mode of an {@code x-amz-content-sha256} value; anything but the signed forms is unsigned. */
        static Mode of(@Nullable String contentSha256) {
            if (STREAMING_SIGNED.equals(contentSha256)) {
                return SIGNED;
            }
            if (STREAMING_SIGNED_TRAILER.equals(contentSha256)) {
                return SIGNED_TRAILER;
            }
            return UNSIGNED;
        }
    }

    /** A decoded body: the object's bytes and the trailing headers, by lower-case name. */
    record Decoded(byte[] content, Map<String, String> trailers) {}

    private final byte[] body;
    private final Mode mode;
    private final @Nullable Signing signing;
    private final @Nullable Mac mac;
    private final MessageDigest sha256;
    private int position;
    private @Nullable String previousSignature;

    private AwsChunked(byte[] body, Mode mode, @Nullable Signing signing) {
        this.body = body;
        this.mode = mode;
        this.signing = signing;
        this.previousSignature = signing == null ? null : signing.seedSignature();
        this.sha256 = sha256();
        this.mac = signing == null ? null : hmac(signing.signingKey());
    }

    /**
     * Decodes {@code body}. With {@code signing} null, chunk and trailer signatures are read but not
     * checked (open authentication).
     *
     * @param expectedLength the {@code x-amz-decoded-content-length}, or -1 when absent
     * @throws S3Exception {@code SignatureDoesNotMatch} for a wrong chunk or trailer signature,
     *     {@code IncompleteBody} when the body ends early or its length differs from {@code expectedLength},
     *     {@code InvalidRequest} for broken framing, {@code MalformedTrailerError} for a broken trailer
     */
    static Decoded decode(byte[] body, Mode mode, @Nullable Signing signing, long expectedLength) {
        return new AwsChunked(body, mode, signing).decode(expectedLength);
    }

    private Decoded decode(long expectedLength) {
        int capacity = expectedLength >= 0 && expectedLength <= body.length ? (int) expectedLength : body.length;
        ByteArrayOutputStream content = new ByteArrayOutputStream(capacity);
        while (true) {
            String header = line();
            if (header == null) {
                throw S3Error.INCOMPLETE_BODY.withDetail(
                        "The aws-chunked body ended before its final zero-length chunk.");
            }
            int semicolon = header.indexOf(';');
            String sizeText = (semicolon < 0 ? header : header.substring(0, semicolon)).strip();
            String extension =
                    semicolon < 0 ? "" : header.substring(semicolon + 1).strip();
            int size = parseSize(sizeText);
            String signature = null;
            if (extension.startsWith(CHUNK_SIGNATURE)) {
                signature = extension.substring(CHUNK_SIGNATURE.length());
            } else if (!extension.isEmpty()) {
                throw S3Error.INVALID_REQUEST.withDetail("Unknown aws-chunked chunk extension '" + extension + "'.");
            }
            if (size > body.length - position) {
                throw S3Error.INCOMPLETE_BODY.withDetail("The aws-chunked body ended inside a chunk of " + size
                        + " bytes (" + (body.length - position) + " bytes were left).");
            }
            if (mode.signedChunks) {
                if (signature == null) {
                    throw S3Error.SIGNATURE_DOES_NOT_MATCH.withDetail(
                            "A chunk of this STREAMING-AWS4-HMAC-SHA256-PAYLOAD body has no chunk-signature.");
                }
                checkChunk(signature, position, size);
            }
            if (size == 0) {
                break;
            }
            content.write(body, position, size);
            position += size;
            String end = line();
            if (end == null || !end.isEmpty()) {
                throw S3Error.INVALID_REQUEST.withDetail("An aws-chunked chunk is not followed by CRLF.");
            }
        }
        Map<String, String> trailers = trailers();
        byte[] bytes = content.toByteArray();
        if (expectedLength >= 0 && bytes.length != expectedLength) {
            throw S3Error.INCOMPLETE_BODY.withDetail("x-amz-decoded-content-length says " + expectedLength
                    + " bytes, but the aws-chunked body holds " + bytes.length + ".");
        }
        return new Decoded(bytes, trailers);
    }

    private Map<String, String> trailers() {
        Map<String, String> trailers = new TreeMap<>();
        String signature = null;
        while (true) {
            String line = line();
            if (line == null || line.isEmpty()) {
                break; // some clients leave out the final CRLF
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw S3Error.MALFORMED_TRAILER.exception();
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (name.equals(TRAILER_SIGNATURE)) {
                signature = value;
            } else {
                trailers.put(name, value);
            }
        }
        if (position != body.length) {
            throw S3Error.INVALID_REQUEST.withDetail(
                    (body.length - position) + " bytes follow the end of the aws-chunked body.");
        }
        if (mode.signedTrailer && !trailers.isEmpty()) {
            if (signature == null) {
                throw S3Error.SIGNATURE_DOES_NOT_MATCH.withDetail(
                        "The trailer of this STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER body has no"
                                + " x-amz-trailer-signature.");
            }
            checkTrailer(signature, trailers);
        }
        return trailers;
    }

    private void checkChunk(String signature, int from, int size) {
        if (signing == null) {
            return;
        }
        sha256.update(body, from, size);
        String dataHash = HEX.formatHex(sha256.digest());
        String toSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + signing.amzDate() + "\n" + signing.scope() + "\n"
                + previousSignature + "\n" + EMPTY_SHA256 + "\n" + dataHash;
        compare(toSign, signature, "chunk");
        previousSignature = signature.toLowerCase(Locale.ROOT);
    }

    private void checkTrailer(String signature, Map<String, String> trailers) {
        if (signing == null) {
            return;
        }
        StringBuilder canonical = new StringBuilder();
        trailers.forEach((name, value) ->
                canonical.append(name).append(':').append(value).append('\n'));
        String toSign = "AWS4-HMAC-SHA256-TRAILER\n" + signing.amzDate() + "\n" + signing.scope() + "\n"
                + previousSignature + "\n"
                + HEX.formatHex(sha256.digest(canonical.toString().getBytes(UTF_8)));
        compare(toSign, signature, "trailer");
    }

    private void compare(String toSign, String signature, String what) {
        byte[] expected = requireNonNull(mac).doFinal(toSign.getBytes(UTF_8));
        byte[] given = signature.length() == 64 && signature.chars().allMatch(HexFormat::isHexDigit)
                ? HEX.parseHex(signature)
                : new byte[0];
        if (!MessageDigest.isEqual(expected, given)) {
            throw S3Error.SIGNATURE_DOES_NOT_MATCH.withDetail("The " + what
                    + " signature we calculated does not match the signature you provided in the aws-chunked"
                    + " body.");
        }
    }

    private static int parseSize(String hex) {
        if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(HexFormat::isHexDigit)) {
            throw S3Error.INVALID_REQUEST.withDetail("The aws-chunked chunk size '" + hex + "' is not hexadecimal.");
        }
        long size = Long.parseLong(hex, 16);
        if (size > Integer.MAX_VALUE) {
            throw S3Error.INVALID_REQUEST.withDetail("The aws-chunked chunk size " + hex + " is too large.");
        }
        return (int) size;
    }

    /** Reads a CRLF-terminated ASCII line; null at the end of the body. A last line may lack its CRLF. */
    private @Nullable String line() {
        if (position >= body.length) {
            return null;
        }
        int limit = Math.min(body.length, position + MAX_LINE);
        for (int i = position; i < limit; i++) {
            if (body[i] == '\r' && i + 1 < body.length && body[i + 1] == '\n') {
                String line = new String(body, position, i - position, UTF_8);
                position = i + 2;
                return line;
            }
        }
        if (limit == body.length) {
            String line = new String(body, position, body.length - position, UTF_8);
            position = body.length;
            return line;
        }
        throw S3Error.INVALID_REQUEST.withDetail(
                "An aws-chunked header line is longer than " + MAX_LINE + " bytes or lacks its CRLF.");
    }

    /** Derives SigV4's signing key, {@code HMAC chain AWS4+secret → date → region → service → aws4_request}. */
    static byte[] signingKey(String secretAccessKey, String date, String region, String service) {
        byte[] key = ("AWS4" + secretAccessKey).getBytes(UTF_8);
        for (String part : new String[] {date, region, service, "aws4_request"}) {
            key = hmac(key).doFinal(part.getBytes(UTF_8));
        }
        return key;
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
