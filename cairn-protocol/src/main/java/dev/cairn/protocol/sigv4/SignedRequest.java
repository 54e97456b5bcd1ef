package dev.cairn.protocol.sigv4;

import static java.util.Objects.requireNonNull;

import dev.cairn.protocol.http.Headers;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP request as it arrived on the wire, holding exactly the parts that a SigV4 signature covers.
 *
 * <p>{@code rawPath} is the path from the request line, still percent-encoded and not normalised;
 * {@code rawQuery} is the query string without its leading '?', still percent-encoded, or null when the
 * request line has none. The body array is neither copied nor compared by value: hand it over and do not
 * change it afterwards.
 */
public record SignedRequest(
        String method, String rawPath, @Nullable String rawQuery, Headers headers, byte[] body) {

    public SignedRequest {
        requireNonNull(method, "method is null");
        requireNonNull(rawPath, "rawPath is null");
        requireNonNull(headers, "headers is null");
        requireNonNull(body, "body is null");
    }

    @Override
    public String toString() {
        // The query can carry a presigned signature and a session token; leave it out.
        return "SignedRequest[" + method + " " + rawPath + (rawQuery == null ? "" : "?…") + ", " + headers + ", "
                + body.length + " body bytes]";
    }
}
