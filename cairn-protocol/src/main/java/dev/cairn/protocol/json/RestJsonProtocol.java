package dev.cairn.protocol.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.http.Headers;
import dev.cairn.protocol.http.HttpResponse;

/**
 * The AWS REST-JSON protocol's responses: JSON bodies, the error code in the {@code x-amzn-ErrorType}
 * header and a {@code {"message": ...}} body (followed by the error's extra members), and
 * {@code x-amzn-RequestId} on every response. Requests
 * are routed by {@link PathTemplate}.
 */
public final class RestJsonProtocol {
    public static final String CONTENT_TYPE = "application/json";

    private RestJsonProtocol() {}

    public static HttpResponse success(int status, String requestId, ObjectNode output) {
        try {
            return new HttpResponse(status, headers(requestId), JsonProtocol.MAPPER.writeValueAsBytes(output));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an output tree", e);
        }
    }

    public static HttpResponse error(String requestId, AwsException error) {
        ObjectNode body = JsonProtocol.MAPPER.createObjectNode();
        body.put("message", error.getMessage());
        error.members().forEach(body::put);
        Headers headers = headers(requestId).set("x-amzn-ErrorType", error.code());
        try {
            return new HttpResponse(error.httpStatus(), headers, JsonProtocol.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an error", e);
        }
    }

    private static Headers headers(String requestId) {
        return new Headers().set("Content-Type", CONTENT_TYPE).set("x-amzn-RequestId", requestId);
    }
}
