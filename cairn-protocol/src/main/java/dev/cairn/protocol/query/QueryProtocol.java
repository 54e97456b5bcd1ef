package dev.cairn.protocol.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.http.Headers;
import dev.cairn.protocol.http.HttpRequest;
import dev.cairn.protocol.http.HttpResponse;
import dev.cairn.protocol.operation.ServiceModel;
import dev.cairn.protocol.xml.XmlWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The AWS query protocol (STS, IAM): parameters come form-encoded in the body or the URL, {@code Action}
 * names the operation, and answers are XML documents {@code <OpResponse><OpResult>…</OpResult>
 * <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></OpResponse>} in the service's namespace.
 * Errors are {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>}.
 */
public final class QueryProtocol {
    public static final String CONTENT_TYPE = "text/xml";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Parameters that carry the protocol or a presigned signature, not operation input. */
    private static final Set<String> ENVELOPE = Set.of(
            "Action",
            "Version",
            "X-Amz-Algorithm",
            "X-Amz-Credential",
            "X-Amz-Date",
            "X-Amz-Expires",
            "X-Amz-SignedHeaders",
            "X-Amz-Signature",
            "X-Amz-Security-Token");

    private QueryProtocol() {}

    /** Returns true when the request looks like a query-protocol call: a form body, or an Action in the URL. */
    public static boolean matches(HttpRequest request) {
        String contentType = request.headers().first("content-type");
        if (contentType != null && contentType.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)) {
            return true;
        }
        String query = request.rawQuery();
        return query != null && (query.startsWith("Action=") || query.contains("&Action="));
    }

    /** Returns every parameter of the request: the URL's first, then the form body's. */
    public static Map<String, String> parameters(HttpRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        if (request.rawQuery() != null) {
            FormDecoder.decode(request.rawQuery(), params);
        }
        if (request.body().length > 0) {
            FormDecoder.decode(new String(request.body(), StandardCharsets.UTF_8), params);
        }
        return params;
    }

    /**
     * Turns flat parameters into a member tree: {@code Tags.member.1.Key=k} becomes
     * {@code {"Tags":[{"Key":"k"}]}}; {@code Attributes.entry.1.key} maps likewise. Envelope parameters
     * (Action, Version, presigned-signature parts) are left out.
     */
    public static ObjectNode members(Map<String, String> params) {
        ObjectNode root = NODES.objectNode();
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (ENVELOPE.contains(p.getKey())) {
                continue;
            }
            place(root, p.getKey().split("\\.", -1), 0, p.getValue());
        }
        return root;
    }

    private static void place(ObjectNode parent, String[] path, int i, String value) {
        String name = path[i];
        if (i == path.length - 1) {
            parent.put(name, value);
            return;
        }
        // name.member.N.rest or name.N.rest: a list element
        int indexAt = i + 1;
        if (indexAt < path.length && ("member".equals(path[indexAt]) || "entry".equals(path[indexAt]))) {
            indexAt++;
        }
        if (indexAt < path.length && isIndex(path[indexAt])) {
            JsonNode existing = parent.get(name);
            ArrayNode list = existing instanceof ArrayNode a ? a : parent.putArray(name);
            int index = Integer.parseInt(path[indexAt]) - 1;
            while (list.size() <= index) {
                list.addNull();
            }
            if (indexAt == path.length - 1) {
                list.set(index, NODES.textNode(value));
            } else {
                JsonNode slot = list.get(index);
                ObjectNode element = slot instanceof ObjectNode o ? o : NODES.objectNode();
                list.set(index, element);
                place(element, path, indexAt + 1, value);
            }
            return;
        }
        JsonNode existing = parent.get(name);
        ObjectNode child = existing instanceof ObjectNode o ? o : parent.putObject(name);
        place(child, path, i + 1, value);
    }

    private static boolean isIndex(String s) {
        if (s.isEmpty() || s.length() > 4) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return Integer.parseInt(s) >= 1;
    }

    public static HttpResponse success(
            ServiceModel service, String operation, String requestId, @Nullable ObjectNode output) {
        XmlWriter xml = new XmlWriter().start(operation + "Response", namespace(service));
        if (output != null) {
            xml.start(operation + "Result").tree(output).end(operation + "Result");
        }
        xml.start("ResponseMetadata")
                .element("RequestId", requestId)
                .end("ResponseMetadata")
                .end(operation + "Response");
        return response(200, requestId, xml);
    }

    public static HttpResponse error(@Nullable ServiceModel service, String requestId, AwsException error) {
        XmlWriter xml = service == null
                ? new XmlWriter().start("ErrorResponse")
                : new XmlWriter().start("ErrorResponse", namespace(service));
        xml.start("Error")
                .element("Type", error.senderFault() ? "Sender" : "Receiver")
                .element("Code", error.code())
                .element("Message", error.getMessage())
                .end("Error")
                .element("RequestId", requestId)
                .end("ErrorResponse");
        return response(error.httpStatus(), requestId, xml);
    }

    private static String namespace(ServiceModel service) {
        String ns = service.xmlNamespace();
        if (ns == null) {
            throw new IllegalArgumentException("service " + service.signingName() + " has no XML namespace");
        }
        return ns;
    }

    private static HttpResponse response(int status, String requestId, XmlWriter xml) {
        Headers headers = new Headers().set("Content-Type", CONTENT_TYPE).set("x-amzn-RequestId", requestId);
        return new HttpResponse(status, headers, xml.toString().getBytes(StandardCharsets.UTF_8));
    }
}
