package dev.cairn.server.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one list of request and response members that never reach an event as sent: secrets, session
 * tokens, passwords and API key values become {@value #HIDDEN}, and API key ids in AppSync-style responses
 * become {@value #MASKED}. Paths are in the event's lower-camel member names, dot-separated; a list on the
 * way is entered element by element.
 *
 * <p>Besides the per-operation paths, any member whose name is one of {@link #ALWAYS_HIDDEN}, at any
 * depth of any call, is hidden too: a new operation that forgets its entry still cannot write a secret.
 */
final class SensitiveMembers {
    static final String HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";
    static final String MASKED = "***";

    /** Member names hidden wherever they appear. */
    static final Set<String> ALWAYS_HIDDEN = Set.of(
            "secretaccesskey",
            "sessiontoken",
            "password",
            "newpassword",
            "oldpassword",
            "secretkey",
            "privatekey",
            "clientsecret");

    private record Rule(String path, String replacement) {}

    /** Per operation ({@code eventSource eventName}): the members to replace in requestParameters. */
    private static final Map<String, List<Rule>> REQUEST = Map.of(
            "iam.amazonaws.com CreateLoginProfile", List.of(new Rule("password", HIDDEN)),
            "iam.amazonaws.com UpdateLoginProfile", List.of(new Rule("password", HIDDEN)),
            "sts.amazonaws.com AssumeRole", List.of(new Rule("policy", HIDDEN)),
            "organizations.amazonaws.com CreateAccount",
                    List.of(new Rule("email", HIDDEN), new Rule("accountName", HIDDEN)));

    /** Per operation: the members to replace in responseElements. */
    private static final Map<String, List<Rule>> RESPONSE = Map.of(
            "iam.amazonaws.com CreateAccessKey", List.of(new Rule("accessKey.secretAccessKey", HIDDEN)),
            "sts.amazonaws.com AssumeRole",
                    List.of(
                            new Rule("credentials.secretAccessKey", HIDDEN),
                            new Rule("credentials.sessionToken", HIDDEN)),
            "sts.amazonaws.com GetSessionToken",
                    List.of(
                            new Rule("credentials.secretAccessKey", HIDDEN),
                            new Rule("credentials.sessionToken", HIDDEN)),
            "organizations.amazonaws.com CreateAccount", List.of(new Rule("createAccountStatus.accountName", HIDDEN)),
            "organizations.amazonaws.com DescribeCreateAccountStatus",
                    List.of(new Rule("createAccountStatus.accountName", HIDDEN)),
            "appsync.amazonaws.com CreateApiKey", List.of(new Rule("apiKey.id", MASKED)),
            "appsync.amazonaws.com UpdateApiKey", List.of(new Rule("apiKey.id", MASKED)),
            "apigateway.amazonaws.com CreateApiKey", List.of(new Rule("value", HIDDEN)),
            "apigateway.amazonaws.com GetApiKey", List.of(new Rule("value", HIDDEN)));

    private SensitiveMembers() {}

    static void redactRequest(String eventSource, String eventName, ObjectNode members) {
        apply(REQUEST.get(eventSource + " " + eventName), members);
        hideEverywhere(members);
    }

    static void redactResponse(String eventSource, String eventName, ObjectNode members) {
        apply(RESPONSE.get(eventSource + " " + eventName), members);
        hideEverywhere(members);
    }

    private static void apply(List<Rule> rules, ObjectNode members) {
        if (rules == null) {
            return;
        }
        for (Rule rule : rules) {
            replace(members, rule.path().split("\\."), 0, rule.replacement());
        }
    }

    private static void replace(JsonNode node, String[] path, int i, String replacement) {
        if (node instanceof ArrayNode list) {
            list.forEach(element -> replace(element, path, i, replacement));
            return;
        }
        if (!(node instanceof ObjectNode object) || !object.has(path[i])) {
            return;
        }
        if (i == path.length - 1) {
            if (!object.get(path[i]).isNull()) {
                object.put(path[i], replacement);
            }
        } else {
            replace(object.get(path[i]), path, i + 1, replacement);
        }
    }

    private static void hideEverywhere(JsonNode node) {
        if (node instanceof ObjectNode object) {
            var fields = object.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                if (ALWAYS_HIDDEN.contains(field.getKey().toLowerCase(Locale.ROOT))
                        && field.getValue().isValueNode()
                        && !field.getValue().isNull()) {
                    field.setValue(object.textNode(HIDDEN));
                } else {
                    hideEverywhere(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode list) {
            list.forEach(SensitiveMembers::hideEverywhere);
        }
    }
}
