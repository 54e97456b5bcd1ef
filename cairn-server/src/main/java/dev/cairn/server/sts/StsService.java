package dev.cairn.server.sts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.identity.AccessKey;
import dev.cairn.identity.Caller;
import dev.cairn.identity.IamRole;
import dev.cairn.identity.IdentityDirectory;
import dev.cairn.identity.PrincipalType;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.error.CommonError;
import dev.cairn.protocol.operation.Call;
import dev.cairn.protocol.operation.OperationRegistry;
import dev.cairn.protocol.operation.ServiceModel;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/** AWS Security Token Service over the query protocol: GetCallerIdentity, AssumeRole and GetSessionToken. */
public final class StsService {
    /** Regional: STS endpoints other than the global one record in their own region. */
    public static final ServiceModel MODEL = ServiceModel.query("sts", "2011-06-15", false);

    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws:iam::([0-9]{12}):role/(?:.*/)?([\\w+=,.@-]{1,64})");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final IdentityDirectory directory;

    public StsService(IdentityDirectory directory) {
        this.directory = requireNonNull(directory, "directory is null");
    }

    public void register(OperationRegistry registry) {
        registry.service(MODEL)
                .read("GetCallerIdentity", this::getCallerIdentity)
                .write("AssumeRole", this::assumeRole)
                .write("GetSessionToken", this::getSessionToken);
    }

    ObjectNode getCallerIdentity(Call call) {
        Caller caller = call.caller();
        ObjectNode out = NODES.objectNode();
        out.put("UserId", caller.principalId());
        out.put("Account", caller.accountId());
        out.put("Arn", caller.arn());
        return out;
    }

    ObjectNode assumeRole(Call call) {
        String roleArn = call.input().constrained("RoleArn", 20, 2048, null);
        String sessionName = call.input().constrained("RoleSessionName", 2, 64, SESSION_NAME);
        if (roleArn == null) {
            call.input().requiredString("RoleArn");
        }
        if (sessionName == null) {
            call.input().requiredString("RoleSessionName");
        }
        Integer seconds = call.input().ranged("DurationSeconds", 900, 43200);
        call.input().constrained("ExternalId", 2, 1224, Pattern.compile("[\\w+=,.@:/-]*"));
        var matcher = ROLE_ARN.matcher(roleArn);
        Caller caller = call.caller();
        AwsException denied = new AwsException(
                CommonError.ACCESS_DENIED,
                "User: " + caller.arn() + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
        if (!matcher.matches()) {
            throw new AwsException(CommonError.VALIDATION_ERROR, roleArn + " is invalid");
        }
        Optional<IamRole> role = directory.findRole(matcher.group(1), matcher.group(2));
        if (role.isEmpty() || !role.get().arn().equals(roleArn) || !TrustPolicy.allows(role.get(), caller)) {
            throw denied;
        }
        int duration = seconds == null ? 3600 : seconds;
        if (duration > role.get().maxSessionDurationSeconds()) {
            throw new AwsException(
                    CommonError.VALIDATION_ERROR,
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        AccessKey key = directory.issueRoleSession(role.get(), sessionName, Duration.ofSeconds(duration));
        ObjectNode out = NODES.objectNode();
        out.set("Credentials", credentials(key));
        ObjectNode user = out.putObject("AssumedRoleUser");
        user.put("AssumedRoleId", role.get().roleId() + ":" + sessionName);
        user.put(
                "Arn",
                "arn:aws:sts::" + role.get().accountId() + ":assumed-role/"
                        + role.get().roleName() + "/" + sessionName);
        return out;
    }

    ObjectNode getSessionToken(Call call) {
        Caller caller = call.caller();
        if (caller.session() != null) {
            throw new AwsException(CommonError.ACCESS_DENIED, "Cannot call GetSessionToken with session credentials");
        }
        int max = caller.type() == PrincipalType.ROOT ? 3600 : 129600;
        Integer seconds = call.input().ranged("DurationSeconds", 900, max);
        int duration = seconds == null ? (caller.type() == PrincipalType.ROOT ? 3600 : 43200) : seconds;
        String path = directory
                .findKey(caller.accessKeyId())
                .map(AccessKey::ownerPath)
                .orElse(null);
        AccessKey key = directory.issueSessionToken(caller, path, Duration.ofSeconds(duration));
        ObjectNode out = NODES.objectNode();
        out.set("Credentials", credentials(key));
        return out;
    }

    private static ObjectNode credentials(AccessKey key) {
        ObjectNode c = NODES.objectNode();
        c.put("AccessKeyId", key.accessKeyId());
        c.put("SecretAccessKey", key.secretAccessKey());
        c.put("SessionToken", key.sessionToken());
        Instant expiration = requireNonNull(key.expiration(), "temporary key without expiration");
        c.put("Expiration", expiration.toString());
        return c;
    }
}
