package dev.cairn.protocol.http;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP request as the protocols see it, independent of the server library.
 *
 * @param rawPath the path of the request line, still percent-encoded
 * @param rawQuery the query string without {@code ?}, still encoded; null when there is none
 * @param remoteAddress the address of the peer that sent it
 */
public record HttpRequest(
        String method, String rawPath, @Nullable String rawQuery, Headers headers, byte[] body, String remoteAddress) {
    public HttpRequest {
        requireNonNull(method, "method is null");
        requireNonNull(rawPath, "rawPath is null");
        requireNonNull(headers, "headers is null");
        requireNonNull(body, "body is null");
        requireNonNull(remoteAddress, "remoteAddress is null");
    }
}
