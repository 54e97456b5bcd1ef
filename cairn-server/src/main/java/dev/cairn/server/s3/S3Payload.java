package dev.cairn.server.s3;

import static java.util.Objects.requireNonNull;

import dev.cairn.identity.AccessKey;
import dev.cairn.identity.IdentityDirectory;
import dev.cairn.protocol.http.Headers;
import dev.cairn.protocol.http.HttpRequest;
import dev.cairn.protocol.sigv4.SigV4Credential;
import dev.cairn.server.AuthMode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The content of an authenticated S3 request, checked: a body whose {@code x-amz-content-sha256} is a hash
 * must have that hash; an {@code aws-chunked} body is decoded, its chunk and trailer signatures checked
 * (strict authentication only, with the key's secret) and its trailing checksums verified; then
 * {@code x-amz-checksum-*} headers, {@code Content-MD5} and the size limit apply to the content.
 *
 * <p>In strict mode the SigV4 verifier has already compared a hash {@code x-amz-content-sha256} with the
 * body; in open mode, where no signature is checked, this class does, so that a body and its claimed hash
 * never disagree in the store.
 */
final class S3Payload {
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final IdentityDirectory directory;
    private final AuthMode mode;
    private final long maxObjectBytes;

    S3Payload(IdentityDirectory directory, AuthMode mode, long maxObjectBytes) {
        this.directory = requireNonNull(directory, "directory is null");
        this.mode = requireNonNull(mode, "mode is null");
        this.maxObjectBytes = maxObjectBytes;
    }

    /**
     * Returns the request's content, decoded and checked.
     *
     * @throws S3Exception {@code XAmzContentSHA256Mismatch}, {@code SignatureDoesNotMatch} for a chunk,
     *     {@code IncompleteBody}, {@code BadDigest}, {@code InvalidDigest}, {@code MalformedTrailerError},
     *     {@code EntityTooLarge}, or {@code NotImplemented} for a streaming form outside the subset
     */
    byte[] content(HttpRequest request, SigV4Credential credential) {
        Headers headers = request.headers();
        String contentSha256 = headers.first("x-amz-content-sha256");
        boolean streaming = contentSha256 != null && contentSha256.startsWith("STREAMING-");
        byte[] content;
        if (streaming || isAwsChunked(headers.first("content-encoding"))) {
            content = decodeChunked(request, credential, contentSha256);
        } else {
            content = request.body();
            if (mode == AuthMode.OPEN && contentSha256 != null && isSha256Hex(contentSha256)) {
                checkContentSha256(contentSha256, content);
            }
        }
        if (content.length > maxObjectBytes) {
            throw tooLarge(content.length);
        }
        for (String name : Checksums.HEADERS) {
            String value = headers.first(name);
            if (value != null) {
                Checksums.verify(name, value, content);
            }
        }
        String md5 = headers.first("content-md5");
        if (md5 != null) {
            Checksums.verifyContentMd5(md5, content);
        }
        return content;
    }

    private byte[] decodeChunked(HttpRequest request, SigV4Credential credential, @Nullable String contentSha256) {
        Headers headers = request.headers();
        if (contentSha256 != null
                && contentSha256.startsWith("STREAMING-")
                && !contentSha256.equals(AwsChunked.STREAMING_SIGNED)
                && !contentSha256.equals(AwsChunked.STREAMING_SIGNED_TRAILER)
                && !contentSha256.equals(AwsChunked.STREAMING_UNSIGNED_TRAILER)) {
            throw S3Error.NOT_IMPLEMENTED.withDetail("x-amz-content-sha256 " + contentSha256
                    + " is not supported; Cairn takes STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER] and"
                    + " STREAMING-UNSIGNED-PAYLOAD-TRAILER.");
        }
        AwsChunked.Mode framing = AwsChunked.Mode.of(contentSha256);
        long declared = decodedLength(headers.first("x-amz-decoded-content-length"));
        if (declared > maxObjectBytes) {
            throw tooLarge(declared);
        }
        AwsChunked.Signing signing =
                framing.signedChunks && mode == AuthMode.STRICT ? signing(headers, credential) : null;
        AwsChunked.Decoded decoded = AwsChunked.decode(request.body(), framing, signing, declared);
        byte[] content = decoded.content();
        String declaredTrailers = headers.first("x-amz-trailer");
        if (declaredTrailers != null) {
            for (String name : declaredTrailers.split(",")) {
                String trailer = name.strip().toLowerCase(Locale.ROOT);
                if (!trailer.isEmpty() && !decoded.trailers().containsKey(trailer)) {
                    throw S3Error.MALFORMED_TRAILER.withDetail(
                            "The x-amz-trailer header names " + trailer + ", which the body does not carry.");
                }
            }
        }
        for (Map.Entry<String, String> trailer : decoded.trailers().entrySet()) {
            if (trailer.getKey().startsWith("x-amz-checksum-")) {
                Checksums.verify(trailer.getKey(), trailer.getValue(), content);
            }
        }
        return content;
    }

    private AwsChunked.Signing signing(Headers headers, SigV4Credential credential) {
        AccessKey key = directory
                .findKey(credential.accessKeyId())
                .orElseThrow(() -> S3Error.INVALID_ACCESS_KEY_ID.exception());
        String amzDate = headers.first("x-amz-date");
        return new AwsChunked.Signing(
                AwsChunked.signingKey(
                        key.secretAccessKey(), credential.date(), credential.region(), credential.service()),
                amzDate != null ? amzDate : AMZ_DATE.format(credential.requestTime()),
                credential.scope(),
                credential.signature().toLowerCase(Locale.ROOT));
    }

    private static boolean isAwsChunked(@Nullable String contentEncoding) {
        if (contentEncoding == null) {
            return false;
        }
        for (String coding : contentEncoding.split(",")) {
            if (coding.strip().equalsIgnoreCase("aws-chunked")) {
                return true;
            }
        }
        return false;
    }

    /** The Content-Encoding to store: the header without {@code aws-chunked}, or null when nothing is left. */
    static @Nullable String storedContentEncoding(@Nullable String contentEncoding) {
        if (contentEncoding == null) {
            return null;
        }
        StringBuilder kept = new StringBuilder();
        for (String coding : contentEncoding.split(",")) {
            String c = coding.strip();
            if (!c.isEmpty() && !c.equalsIgnoreCase("aws-chunked")) {
                kept.append(kept.isEmpty() ? "" : ",").append(c);
            }
        }
        return kept.isEmpty() ? null : kept.toString();
    }

    private static long decodedLength(@Nullable String value) {
        if (value == null) {
            return -1;
        }
        try {
            long length = Long.parseLong(value.strip());
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw S3Error.INVALID_ARGUMENT.withDetail(
                "x-amz-decoded-content-length '" + value + "' is not a non-negative number.");
    }

    private static void checkContentSha256(String claimedHex, byte[] content) {
        byte[] actual;
        try {
            actual = MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        if (!MessageDigest.isEqual(actual, HexFormat.of().parseHex(claimedHex))) {
            throw S3Error.X_AMZ_CONTENT_SHA256_MISMATCH.withDetail(
                    "The provided 'x-amz-content-sha256' header does not match what was computed: the header says '"
                            + claimedHex + "' but the body's SHA-256 is '"
                            + HexFormat.of().formatHex(actual) + "'.");
        }
    }

    private static boolean isSha256Hex(String s) {
        return s.length() == 64 && s.chars().allMatch(HexFormat::isHexDigit);
    }

    private S3Exception tooLarge(long size) {
        return S3Error.ENTITY_TOO_LARGE.withDetail("Your proposed upload of " + size
                + " bytes exceeds the maximum allowed size of " + maxObjectBytes + " bytes.");
    }
}
