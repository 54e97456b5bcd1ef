package dev.cairn.protocol.sigv4;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The authentication parameters that a SigV4-signed request carries, as read by {@link SigV4Verifier#parse}
 * from either its Authorization header or its presigned query string, before any check of the signature.
 *
 * <p>{@code date} is the credential scope's date ({@code yyyyMMdd}), which parsing has already matched
 * against {@code requestTime}, the request's X-Amz-Date (or Date). {@code signedHeaders} are the names from
 * SignedHeaders in the order given. {@code expires} is X-Amz-Expires for a presigned request that has one,
 * null otherwise.
 */
public record SigV4Credential(
        String accessKeyId,
        String date,
        String region,
        String service,
        Instant requestTime,
        List<String> signedHeaders,
        String signature,
        @Nullable String sessionToken,
        boolean presigned,
        @Nullable Duration expires) {

    public SigV4Credential {
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(date, "date is null");
        requireNonNull(region, "region is null");
        requireNonNull(service, "service is null");
        requireNonNull(requestTime, "requestTime is null");
        signedHeaders = List.copyOf(requireNonNull(signedHeaders, "signedHeaders is null"));
        requireNonNull(signature, "signature is null");
    }

    /** Returns the credential scope, {@code date/region/service/aws4_request}. */
    public String scope() {
        return date + '/' + region + '/' + service + '/' + SigV4Verifier.TERMINATOR;
    }

    @Override
    public String toString() {
        // The session token is a bearer secret; say only whether there is one.
        return "SigV4Credential[" + accessKeyId + "/" + scope() + ", requestTime=" + requestTime + ", signedHeaders="
                + signedHeaders + ", sessionToken=" + (sessionToken == null ? "none" : "present") + ", presigned="
                + presigned + (expires == null ? "" : ", expires=" + expires) + "]";
    }
}
