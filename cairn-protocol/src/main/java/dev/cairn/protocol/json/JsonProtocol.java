package dev.cairn.protocol.json;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.event.JsonBuffers;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.error.CommonError;
import dev.cairn.protocol.http.Headers;
import dev.cairn.protocol.http.HttpResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The AWS JSON 1.1 protocol: request bodies are JSON objects of the input members, responses JSON objects
 * of the output members, and errors {@code {"__type":"Code","message":"..."}} (followed by the error's
 * extra members, such as {@code "Reason"}) with the code also in {@code x-amzn-ErrorType}. Every response
 * carries {@code x-amzn-RequestId}.
 */
public final class JsonProtocol {
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    /** The shared mapper: members keep their order, duplicates are refused; buffers from {@link JsonBuffers}. */
    public static final ObjectMapper MAPPER = JsonMapper.builder(
                    new JsonFactoryBuilder().recyclerPool(JsonBuffers.pool()).build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonProtocol() {}

    /** Parses a request body; an empty body is an empty object, anything but an object is refused. */
    public static ObjectNode parseBody(byte[] body) {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AwsException(CommonError.SERIALIZATION, "Malformed JSON request body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new AwsException(CommonError.SERIALIZATION, "Malformed JSON request body");
        }
        if (node == null || node.isMissingNode()) {
            return MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw new AwsException(
                    CommonError.SERIALIZATION,
                    "Expected a JSON object as the request body, found " + node.getNodeType());
        }
        return (ObjectNode) node;
    }

    public static HttpResponse success(String requestId, @Nullable ObjectNode output) {
        byte[] body;
        try {
            body = output == null
                    ? new byte[] {'{', '}'}
                    : output instanceof EncodedOutput encoded ? encoded.bytes() : MAPPER.writeValueAsBytes(output);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an output tree", e);
        }
        return new HttpResponse(200, headers(requestId), body);
    }

    public static HttpResponse error(String requestId, AwsException error) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("__type", error.code());
        body.put("message", error.getMessage());
        error.members().forEach(body::put);
        Headers headers = headers(requestId).set("x-amzn-ErrorType", error.code());
        try {
            return new HttpResponse(error.httpStatus(), headers, MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an error", e);
        }
    }

    /**
     * Returns the error AWS's JSON services answer when a member holds a JSON value of the wrong type, as
     * their deserializer words it: {@code SerializationException} "class java.lang.String can not be
     * converted to an Integer" for {@code "5"} where an Integer belongs, "Start of list found where not
     * expected" for a list. Only the JSON protocols are typed; the query protocol's members are all text.
     *
     * @param found the value received
     * @param shape the modelled type, as AWS names it in the message: {@code Integer}, {@code Long}, ...
     */
    public static AwsException typeMismatch(JsonNode found, String shape) {
        String message;
        if (found.isArray()) {
            message = "Start of list found where not expected";
        } else if (found.isObject()) {
            message = "Start of structure or map found where not expected.";
        } else {
            message = "class java.lang." + javaType(found) + " can not be converted to an " + shape;
        }
        return new AwsException(CommonError.SERIALIZATION, message);
    }

    /** The Java type AWS's deserializer reads a JSON scalar as: numbers by their magnitude. */
    private static String javaType(JsonNode value) {
        if (value.isTextual()) {
            return "String";
        }
        if (value.isBoolean()) {
            return "Boolean";
        }
        if (value.isIntegralNumber()) {
            if (value.canConvertToInt()) {
                int n = value.intValue();
                return n >= Short.MIN_VALUE && n <= Short.MAX_VALUE ? "Short" : "Integer";
            }
            return "Long";
        }
        return "Double";
    }

    private static Headers headers(String requestId) {
        return new Headers().set("Content-Type", CONTENT_TYPE).set("x-amzn-RequestId", requestId);
    }
}
