package dev.cairn.server.sts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.identity.Caller;
import dev.cairn.identity.IamRole;
import dev.cairn.identity.PrincipalType;
import dev.cairn.protocol.json.JsonProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a role's trust policy lets a caller assume it: some {@code Allow} statement names
 * {@code sts:AssumeRole} and a principal that matches the caller, and no {@code Deny} statement does.
 *
 * <p>A principal matches when it is {@code "*"}, the caller's account id or account root ARN (any
 * principal of that account), the caller's own ARN, or for an assumed role the ARN of the role.
 * {@code Condition} blocks are not evaluated (documented in docs/identities.md).
 */
final class TrustPolicy {
    private TrustPolicy() {}

    static boolean allows(IamRole role, Caller caller) {
        JsonNode doc;
        try {
            doc = JsonProtocol.MAPPER.readTree(role.assumeRolePolicyDocument());
        } catch (IOException e) {
            return false;
        }
        boolean allowed = false;
        for (JsonNode statement : asList(doc.path("Statement"))) {
            if (!actionMatches(statement.path("Action")) || !principalMatches(statement.path("Principal"), caller)) {
                continue;
            }
            String effect = statement.path("Effect").asText();
            if ("Deny".equals(effect)) {
                return false;
            }
            if ("Allow".equals(effect)) {
                allowed = true;
            }
        }
        return allowed;
    }

    private static boolean actionMatches(JsonNode action) {
        for (JsonNode a : asList(action)) {
            String s = a.asText();
            if (s.equalsIgnoreCase("sts:AssumeRole") || s.equals("sts:*") || s.equals("*")) {
                return true;
            }
        }
        return false;
    }

    private static boolean principalMatches(JsonNode principal, Caller caller) {
        if (principal.isTextual()) {
            return principal.asText().equals("*");
        }
        for (JsonNode p : asList(principal.path("AWS"))) {
            String s = p.asText();
            if (s.equals("*")
                    || s.equals(caller.accountId())
                    || s.equals("arn:aws:iam::" + caller.accountId() + ":root")
                    || s.equals(caller.arn())
                    || (caller.type() == PrincipalType.ASSUMED_ROLE
                            && caller.session() != null
                            && s.equals(caller.session().issuerArn()))) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> asList(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(out::add);
        } else if (!node.isMissingNode() && !node.isNull()) {
            out.add(node);
        }
        return out;
    }
}
