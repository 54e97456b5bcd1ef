package dev.cairn.server.iam;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.identity.AccessKey;
import dev.cairn.identity.Caller;
import dev.cairn.identity.IamRole;
import dev.cairn.identity.IamUser;
import dev.cairn.identity.IdentityDirectory;
import dev.cairn.identity.IdentityException;
import dev.cairn.identity.PrincipalType;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.json.JsonProtocol;
import dev.cairn.protocol.operation.Call;
import dev.cairn.protocol.operation.Input;
import dev.cairn.protocol.operation.OperationHandler;
import dev.cairn.protocol.operation.OperationRegistry;
import dev.cairn.protocol.operation.ServiceModel;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * AWS Identity and Access Management over the query protocol: users, their access keys, and roles. Cairn
 * keeps these in its {@link IdentityDirectory}; permission policies are not evaluated (every principal
 * may act within its own account).
 */
public final class IamService {
    public static final ServiceModel MODEL = ServiceModel.query("iam", "2010-05-08", true);

    static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    static final Pattern PATH = Pattern.compile("(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
    static final Pattern PATH_PREFIX = Pattern.compile("\\u002F[\\u0021-\\u007E]*");
    static final Pattern KEY_ID = Pattern.compile("[\\w]+");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final IdentityDirectory directory;

    public IamService(IdentityDirectory directory) {
        this.directory = requireNonNull(directory, "directory is null");
    }

    public void register(OperationRegistry registry) {
        registry.service(MODEL)
                .write("CreateUser", guarded(this::createUser))
                .read("GetUser", guarded(this::getUser))
                .read("ListUsers", guarded(this::listUsers))
                .write("DeleteUser", guarded(this::deleteUser))
                .write("CreateAccessKey", guarded(this::createAccessKey))
                .read("ListAccessKeys", guarded(this::listAccessKeys))
                .write("UpdateAccessKey", guarded(this::updateAccessKey))
                .write("DeleteAccessKey", guarded(this::deleteAccessKey))
                .write("CreateRole", guarded(this::createRole))
                .read("GetRole", guarded(this::getRole))
                .read("ListRoles", guarded(this::listRoles))
                .write("DeleteRole", guarded(this::deleteRole));
    }

    /** Maps the directory's refusals to IAM's error codes. */
    private static OperationHandler guarded(OperationHandler handler) {
        return call -> {
            try {
                return handler.handle(call);
            } catch (IdentityException e) {
                IamError code = switch (e.reason()) {
                    case NO_SUCH_ENTITY -> IamError.NO_SUCH_ENTITY;
                    case ENTITY_ALREADY_EXISTS -> IamError.ENTITY_ALREADY_EXISTS;
                    case DELETE_CONFLICT -> IamError.DELETE_CONFLICT;
                    case LIMIT_EXCEEDED -> IamError.LIMIT_EXCEEDED;
                };
                throw code.withMessage(e.getMessage());
            }
        };
    }

    // ---- users ---------------------------------------------------------------------------------

    ObjectNode createUser(Call call) {
        String name = userName(call.input(), true);
        String path = path(call.input(), "Path", PATH);
        IamUser user = directory.createUser(call.accountId(), name, path);
        ObjectNode out = NODES.objectNode();
        out.set("User", user(user));
        return out;
    }

    ObjectNode getUser(Call call) {
        String name = userName(call.input(), false);
        ObjectNode out = NODES.objectNode();
        if (name == null) {
            Caller caller = call.caller();
            if (caller.type() == PrincipalType.ROOT) {
                ObjectNode root = out.putObject("User");
                root.put("UserId", caller.accountId());
                root.put("Arn", caller.arn());
                root.put("CreateDate", Instant.EPOCH.toString());
                return out;
            }
            name = callerUserName(caller);
        }
        out.set("User", user(directory.getUser(call.accountId(), name)));
        return out;
    }

    ObjectNode listUsers(Call call) {
        String prefix = path(call.input(), "PathPrefix", PATH_PREFIX);
        return page(
                call.input(),
                directory.listUsers(call.accountId(), prefix == null ? "/" : prefix),
                IamUser::userName,
                IamService::user,
                "Users");
    }

    @Nullable
    ObjectNode deleteUser(Call call) {
        directory.deleteUser(call.accountId(), userName(call.input(), true));
        return null;
    }

    // ---- access keys ---------------------------------------------------------------------------

    ObjectNode createAccessKey(Call call) {
        String name = userNameOrCaller(call);
        AccessKey key = directory.createAccessKey(call.accountId(), name);
        ObjectNode out = NODES.objectNode();
        ObjectNode k = out.putObject("AccessKey");
        k.put("UserName", key.ownerName());
        k.put("AccessKeyId", key.accessKeyId());
        k.put("Status", key.status().name());
        k.put("SecretAccessKey", key.secretAccessKey());
        k.put("CreateDate", key.createDate().toString());
        return out;
    }

    ObjectNode listAccessKeys(Call call) {
        String name = userNameOrCaller(call);
        List<AccessKey> keys = directory.listAccessKeys(call.accountId(), name);
        ObjectNode out = page(
                call.input(),
                keys,
                AccessKey::accessKeyId,
                k -> {
                    ObjectNode m = NODES.objectNode();
                    m.put("UserName", k.ownerName());
                    m.put("AccessKeyId", k.accessKeyId());
                    m.put("Status", k.status().name());
                    m.put("CreateDate", k.createDate().toString());
                    return m;
                },
                "AccessKeyMetadata");
        ObjectNode result = NODES.objectNode();
        result.put("UserName", directory.getUser(call.accountId(), name).userName());
        result.setAll(out);
        return result;
    }

    @Nullable
    ObjectNode updateAccessKey(Call call) {
        String name = userNameOrCaller(call);
        String keyId = accessKeyId(call.input());
        String status = call.input().requiredString("Status");
        AccessKey.Status parsed = switch (status) {
            case "Active" -> AccessKey.Status.Active;
            case "Inactive" -> AccessKey.Status.Inactive;
            default ->
                throw IamError.VALIDATION_ERROR.withMessage(
                        "1 validation error detected: Value '" + status + "' at 'status' failed to satisfy constraint: "
                                + "Member must satisfy enum value set: [Active, Inactive]");
        };
        directory.updateAccessKey(call.accountId(), name, keyId, parsed);
        return null;
    }

    @Nullable
    ObjectNode deleteAccessKey(Call call) {
        String name = userNameOrCaller(call);
        directory.deleteAccessKey(call.accountId(), name, accessKeyId(call.input()));
        return null;
    }

    private static String accessKeyId(Input input) {
        String id = input.constrained("AccessKeyId", 16, 128, KEY_ID);
        return id == null ? input.requiredString("AccessKeyId") : id;
    }

    // ---- roles ---------------------------------------------------------------------------------

    ObjectNode createRole(Call call) {
        Input in = call.input();
        String name = iamName(in, "RoleName");
        if (name == null) {
            name = in.requiredString("RoleName");
        }
        String path = path(in, "Path", PATH);
        String policy = in.constrained("AssumeRolePolicyDocument", 1, 131072, null);
        if (policy == null) {
            policy = in.requiredString("AssumeRolePolicyDocument");
        }
        checkPolicy(policy);
        String description = in.constrained("Description", 0, 1000, null);
        Integer maxSession = in.ranged("MaxSessionDuration", 3600, 43200);
        IamRole role = directory.createRole(
                call.accountId(), name, path, policy, description, maxSession == null ? 3600 : maxSession);
        ObjectNode out = NODES.objectNode();
        ObjectNode shape = role(role);
        shape.remove("MaxSessionDuration"); // CreateRole does not return it; GetRole and ListRoles do
        out.set("Role", shape);
        return out;
    }

    ObjectNode getRole(Call call) {
        ObjectNode out = NODES.objectNode();
        ObjectNode shape = role(directory.getRole(call.accountId(), roleName(call.input())));
        shape.putObject("RoleLastUsed");
        out.set("Role", shape);
        return out;
    }

    ObjectNode listRoles(Call call) {
        String prefix = path(call.input(), "PathPrefix", PATH_PREFIX);
        return page(
                call.input(),
                directory.listRoles(call.accountId(), prefix == null ? "/" : prefix),
                IamRole::roleName,
                IamService::role,
                "Roles");
    }

    @Nullable
    ObjectNode deleteRole(Call call) {
        directory.deleteRole(call.accountId(), roleName(call.input()));
        return null;
    }

    private static String roleName(Input input) {
        String name = iamName(input, "RoleName");
        return name == null ? input.requiredString("RoleName") : name;
    }

    private static void checkPolicy(String policy) {
        JsonNode doc;
        try {
            doc = JsonProtocol.MAPPER.readTree(policy);
        } catch (IOException e) {
            throw IamError.MALFORMED_POLICY_DOCUMENT.withMessage("This policy contains invalid Json");
        }
        if (doc == null || !doc.isObject()) {
            throw IamError.MALFORMED_POLICY_DOCUMENT.withMessage("This policy contains invalid Json");
        }
        if (!doc.has("Statement")) {
            throw IamError.MALFORMED_POLICY_DOCUMENT.withMessage("Syntax errors in policy.");
        }
    }

    // ---- shapes --------------------------------------------------------------------------------

    private static ObjectNode user(IamUser u) {
        ObjectNode m = NODES.objectNode();
        m.put("Path", u.path());
        m.put("UserName", u.userName());
        m.put("UserId", u.userId());
        m.put("Arn", u.arn());
        m.put("CreateDate", u.createDate().toString());
        return m;
    }

    private static ObjectNode role(IamRole r) {
        ObjectNode m = NODES.objectNode();
        m.put("Path", r.path());
        m.put("RoleName", r.roleName());
        m.put("RoleId", r.roleId());
        m.put("Arn", r.arn());
        m.put("CreateDate", r.createDate().toString());
        // IAM returns policy documents URL-encoded (RFC 3986); botocore decodes them for the caller.
        m.put(
                "AssumeRolePolicyDocument",
                URLEncoder.encode(r.assumeRolePolicyDocument(), StandardCharsets.UTF_8)
                        .replace("+", "%20"));
        if (r.description() != null) {
            m.put("Description", r.description());
        }
        m.put("MaxSessionDuration", r.maxSessionDurationSeconds());
        return m;
    }

    /**
     * Returns one page of {@code items} under {@code member}, with IsTruncated and, when truncated, a
     * Marker naming the first item of the next page.
     */
    private static <T> ObjectNode page(
            Input input, List<T> items, Function<T, String> id, Function<T, ObjectNode> shape, String member) {
        Integer maxItems = input.ranged("MaxItems", 1, 1000);
        int max = maxItems == null ? 100 : maxItems;
        String marker = input.constrained("Marker", 1, 320, null);
        int start = 0;
        if (marker != null) {
            String first = decodeMarker(marker);
            start = items.size();
            for (int i = 0; i < items.size(); i++) {
                if (id.apply(items.get(i)).compareToIgnoreCase(first) >= 0) {
                    start = i;
                    break;
                }
            }
        }
        int end = Math.min(items.size(), start + max);
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray(member);
        for (int i = start; i < end; i++) {
            list.add(shape.apply(items.get(i)));
        }
        boolean truncated = end < items.size();
        out.put("IsTruncated", truncated);
        if (truncated) {
            out.put(
                    "Marker",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(id.apply(items.get(end)).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static String decodeMarker(String marker) {
        try {
            return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw IamError.VALIDATION_ERROR.withMessage("Invalid Marker: " + marker);
        }
    }

    private static @Nullable String userName(Input input, boolean required) {
        String name = iamName(input, "UserName");
        if (name == null && required) {
            input.requiredString("UserName");
        }
        return name;
    }

    /**
     * Validates an IAM name member: length with the generic message, the character rule with IAM's own
     * wording ("The specified value for userName is invalid. ...").
     */
    private static @Nullable String iamName(Input input, String member) {
        String name = input.constrained(member, 1, 64, null);
        if (name != null && !NAME.matcher(name).matches()) {
            String wire = Character.toLowerCase(member.charAt(0)) + member.substring(1);
            throw IamError.VALIDATION_ERROR.withMessage("The specified value for " + wire
                    + " is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-");
        }
        return name;
    }

    private static @Nullable String path(Input input, String member, Pattern pattern) {
        String path = input.constrained(member, 1, 512, null);
        if (path != null && !pattern.matcher(path).matches()) {
            String wire = Character.toLowerCase(member.charAt(0)) + member.substring(1);
            throw IamError.VALIDATION_ERROR.withMessage(
                    "The specified value for " + wire
                            + " is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.");
        }
        return path;
    }

    private String userNameOrCaller(Call call) {
        String name = userName(call.input(), false);
        return name != null ? name : callerUserName(call.caller());
    }

    private static String callerUserName(Caller caller) {
        if (caller.type() != PrincipalType.IAM_USER || caller.userName() == null) {
            throw new AwsException(
                    IamError.VALIDATION_ERROR.code(),
                    400,
                    "Must specify userName when calling with non-User credentials");
        }
        return caller.userName();
    }
}
