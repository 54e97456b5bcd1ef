package dev.cairn.server.s3;

import dev.cairn.protocol.http.HttpResponse;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What the HTTP edge needs to know of S3 before the body is read: whether a request is signed for S3, how
 * large its body may be (an object up to the limit plus its {@code aws-chunked} framing), and S3's answer
 * when it is larger.
 */
public final class S3Edge {
    private S3Edge() {}

    /**
     * Returns whether a request is signed for the service {@code s3}, judged from its Authorization header
     * or its presigned {@code X-Amz-Credential} alone (the request need not parse).
     */
    public static boolean signedForS3(@Nullable String authorization, @Nullable String rawQuery) {
        if (authorization != null) {
            return authorization.contains("/s3/aws4_request");
        }
        if (rawQuery == null || !rawQuery.contains("X-Amz-Credential=")) {
            return false;
        }
        String query = rawQuery.toLowerCase(Locale.ROOT);
        return query.contains("%2fs3%2faws4_request") || query.contains("/s3/aws4_request");
    }

    /**
     * Returns the largest request body accepted for an S3 request when objects may be up to
     * {@code maxObjectBytes}: room for {@code aws-chunked} framing (chunk headers of about 90 bytes per chunk
     * of at least 8 KiB, and the trailer) on top. The object's own size is checked after decoding.
     */
    public static long bodyLimit(long maxObjectBytes) {
        return maxObjectBytes + maxObjectBytes / 64 + 64 * 1024;
    }

    /** Returns S3's {@code EntityTooLarge} answer, without a body for HEAD. */
    public static HttpResponse entityTooLarge(long maxObjectBytes, String size, boolean head) {
        String requestId = S3Api.requestId();
        String hostId = S3Api.hostId();
        S3Exception error = S3Error.ENTITY_TOO_LARGE.withDetail("Your proposed upload of " + size
                + " bytes exceeds the maximum allowed size of " + maxObjectBytes + " bytes.");
        return S3Api.errorResponse(error, head, requestId, hostId);
    }
}
