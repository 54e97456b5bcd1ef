package dev.cairn.it;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.cloudtrail.model.Event;

/**
 * The CloudTrail record inside a LookupEvents {@code Event.CloudTrailEvent}, parsed with the SDK's own JSON
 * parser (not the server's), with small accessors for nested members.
 */
final class TrailRecord {
    private final JsonNode root;

    private TrailRecord(JsonNode root) {
        this.root = root;
    }

    static TrailRecord of(Event event) {
        return parse(requireNonNull(event.cloudTrailEvent(), "the event has no CloudTrailEvent"));
    }

    static TrailRecord parse(String json) {
        JsonNode root = JsonNode.parser().parse(json);
        if (!root.isObject()) {
            throw new IllegalArgumentException("CloudTrailEvent is not a JSON object: " + json);
        }
        return new TrailRecord(root);
    }

    JsonNode root() {
        return root;
    }

    /** The member at {@code path} (object member names), if every step exists. */
    Optional<JsonNode> at(String... path) {
        JsonNode node = root;
        for (String name : path) {
            if (!node.isObject()) {
                return Optional.empty();
            }
            Optional<JsonNode> next = node.field(name);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            node = next.get();
        }
        return Optional.of(node);
    }

    /** The string at {@code path}, or null when it is absent or not a string. */
    String text(String... path) {
        return at(path).filter(JsonNode::isString).map(JsonNode::asString).orElse(null);
    }

    /** Whether a member named {@code name} occurs anywhere under {@code node}. */
    static boolean mentions(JsonNode node, String name) {
        if (node.isObject()) {
            for (var e : node.asObject().entrySet()) {
                if (e.getKey().equals(name) || mentions(e.getValue(), name)) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node.asArray()) {
                if (mentions(element, name)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
