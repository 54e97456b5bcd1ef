package dev.cairn.protocol.http;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/** An HTTP response as the protocols build it, independent of the server library. */
public record HttpResponse(int status, Headers headers, byte[] body) {
    public HttpResponse {
        requireNonNull(headers, "headers is null");
        requireNonNull(body, "body is null");
    }

    public static HttpResponse of(int status, String contentType, String body) {
        return new HttpResponse(
                status, new Headers().set("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }
}
