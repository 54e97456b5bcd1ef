package dev.cairn.server.recording;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.event.AuditEvent;
import dev.cairn.event.RawJson;
import dev.cairn.event.Resource;
import dev.cairn.event.UserIdentity;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.json.EncodedOutput;
import dev.cairn.protocol.json.JsonProtocol;
import dev.cairn.protocol.operation.Call;
import dev.cairn.protocol.operation.Operation;
import dev.cairn.protocol.operation.ServiceModel;
import dev.cairn.server.call.CompletedCall;
import dev.cairn.time.Clock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Turns a finished call into its CloudTrail record: who called (the full {@code userIdentity}), what
 * (event source and name, the request members as received, the response of a mutating call), when, from
 * where, and how it ended.
 *
 * <p>Notes on AWS's conventions kept here: member names in {@code requestParameters} and
 * {@code responseElements} start with a lower-case letter at every depth; both are always present, null
 * for a call without members and {@code responseElements} null for read-only calls; a member larger than
 * 100 KB is dropped (written as null); {@code userAgent}, {@code errorCode} and {@code errorMessage} are
 * cut at 1 KB; global services (IAM, STS) record {@code us-east-1} whatever the signing region.
 *
 * <p>Cross-account copies: a successful AssumeRole of a role that another account owns is recorded twice,
 * as AWS records it: once for the caller's account and once for the role owner's, each copy with its own
 * {@code eventID} and {@code recipientAccountId} and both with one {@code sharedEventID}. The owner's copy
 * names the caller as type {@code AWSAccount} (principal ID and account only); otherwise the copies are
 * the same. A refused AssumeRole is recorded for the caller only: the role it names may not exist, and
 * a caller must not be able to write into any account's history by naming it.
 */
public final class EventFactory {
    static final int MAX_MEMBERS_BYTES = 100 * 1024;
    static final int MAX_TEXT = 1024;
    private static final String GLOBAL_REGION = "us-east-1";

    /** The operations AWS also records for the owner of the resource they act on, when that is another account. */
    private static final Set<String> COPIED_TO_OWNER = Set.of("sts.amazonaws.com AssumeRole");

    private final Clock clock;

    public EventFactory(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Returns the records of a call that reached its operation, one for each account that receives a copy:
     * the caller's account first, then, for a cross-account AssumeRole, the role owner's.
     */
    public List<AuditEvent> recordsOf(CompletedCall completed) {
        AuditEvent event = fromCall(completed);
        String owner = otherOwner(completed, event);
        if (owner == null) {
            return List.of(event);
        }
        String shared = UUID.randomUUID().toString();
        return List.of(
                event.toBuilder().sharedEventID(shared).build(),
                event.toBuilder()
                        .userIdentity(
                                UserIdentities.otherAccount(completed.call().caller()))
                        .eventID(UUID.randomUUID().toString())
                        .recipientAccountId(owner)
                        .sharedEventID(shared)
                        .build());
    }

    /** Returns the account, other than the caller's, that AWS also gives this call's event to, if any. */
    private static @Nullable String otherOwner(CompletedCall completed, AuditEvent event) {
        Operation operation = completed.call().operation();
        List<Resource> resources = event.resources();
        if (!completed.succeeded()
                || resources == null
                || !COPIED_TO_OWNER.contains(operation.service().eventSource() + " " + operation.name())) {
            return null;
        }
        for (Resource resource : resources) {
            String owner = resource.accountId();
            if (owner != null && !owner.equals(event.recipientAccountId())) {
                return owner;
            }
        }
        return null;
    }

    /** Returns the record of a call that reached its operation, for the caller's account. */
    public AuditEvent fromCall(CompletedCall completed) {
        Call call = completed.call();
        Operation operation = call.operation();
        ServiceModel service = operation.service();
        AwsException error = completed.error();
        ObjectNode request = lowerCamel(call.input().members());
        SensitiveMembers.redactRequest(service.eventSource(), operation.name(), request);
        RawJson response = null;
        if (error == null && !operation.readOnly() && completed.output() != null) {
            if (completed.output() instanceof EncodedOutput) {
                // its members cannot be read, so its responseElements would be lost (and unredacted ones, too)
                throw new IllegalStateException("mutating operation " + operation.name()
                        + " answered with an EncodedOutput, which only read-only operations may return");
            }
            ObjectNode out = lowerCamel(completed.output());
            SensitiveMembers.redactResponse(service.eventSource(), operation.name(), out);
            response = members(out);
        }
        AuditEvent.Builder event = AuditEvent.builder()
                .eventVersion(AuditEvent.CURRENT_EVENT_VERSION)
                .userIdentity(UserIdentities.of(call.caller()))
                .eventTime(clock.now())
                .eventSource(service.eventSource())
                .eventName(operation.name())
                .awsRegion(service.global() ? GLOBAL_REGION : call.region())
                .sourceIPAddress(call.sourceIp())
                .userAgent(truncate(call.userAgent()))
                .requestParameters(request.isEmpty() ? RawJson.NULL : members(request))
                .responseElements(response == null ? RawJson.NULL : response)
                .requestID(call.requestId())
                .eventID(UUID.randomUUID().toString())
                .readOnly(operation.readOnly())
                .resources(EventResources.of(call))
                .eventType("AwsApiCall")
                .managementEvent(true)
                .recipientAccountId(call.accountId())
                .eventCategory("Management");
        if (error != null) {
            event.errorCode(truncate(error.code())).errorMessage(truncate(error.getMessage()));
        }
        return event.build();
    }

    /**
     * Returns the record of a call refused at authentication: the claimed key and its owner's identity
     * (or type Unknown), the error, and no request members, since the request was not proven genuine.
     */
    public AuditEvent fromRejected(RejectedCall rejected) {
        ServiceModel service = rejected.service();
        UserIdentity identity = rejected.owner() == null
                ? UserIdentities.unknown(rejected.accessKeyId())
                : UserIdentities.claimed(rejected.accessKeyId(), rejected.owner());
        String account = rejected.owner() == null
                ? rejected.defaultAccountId()
                : rejected.owner().accountId();
        return AuditEvent.builder()
                .eventVersion(AuditEvent.CURRENT_EVENT_VERSION)
                .userIdentity(identity)
                .eventTime(clock.now())
                .eventSource(service.eventSource())
                .eventName(rejected.operation() == null ? "UnknownOperation" : rejected.operation())
                .awsRegion(service.global() || rejected.region() == null ? GLOBAL_REGION : rejected.region())
                .sourceIPAddress(rejected.sourceIp())
                .userAgent(truncate(rejected.userAgent()))
                .errorCode(truncate(rejected.error().code()))
                .errorMessage(truncate(rejected.error().getMessage()))
                .requestParameters(RawJson.NULL)
                .responseElements(RawJson.NULL)
                .requestID(rejected.requestId())
                .eventID(UUID.randomUUID().toString())
                .eventType("AwsApiCall")
                .managementEvent(true)
                .recipientAccountId(account)
                .eventCategory("Management")
                .build();
    }

    /**
     * Returns the corrections of the copies of one call that did not take effect after all, one per copy;
     * the corrections of several copies share a new {@code sharedEventID}, as the copies shared theirs.
     */
    public List<AuditEvent> reverted(List<AuditEvent> originals, AwsException error) {
        if (originals.size() == 1) {
            return List.of(reverted(originals.getFirst(), error));
        }
        String shared = UUID.randomUUID().toString();
        List<AuditEvent> corrections = new ArrayList<>(originals.size());
        for (AuditEvent original : originals) {
            corrections.add(
                    reverted(original, error).toBuilder().sharedEventID(shared).build());
        }
        return corrections;
    }

    /**
     * Returns the correction of a recorded event whose call did not take effect after all: the same
     * record with the error, no response, a new event id, and an {@code addendum} naming the original.
     */
    public AuditEvent reverted(AuditEvent original, AwsException error) {
        ObjectNode addendum = JsonNodeFactory.instance
                .objectNode()
                .put("reason", "UPDATED_DATA")
                .put("updatedFields", "errorCode,errorMessage,responseElements")
                .put("originalRequestID", original.requestID())
                .put("originalEventID", original.eventID());
        return original.toBuilder()
                .eventTime(clock.now())
                .errorCode(truncate(error.code()))
                .errorMessage(truncate(error.getMessage()))
                .responseElements(RawJson.NULL)
                .eventID(UUID.randomUUID().toString())
                .addendum(members(addendum))
                .build();
    }

    private static @Nullable RawJson members(ObjectNode members) {
        byte[] json;
        try {
            json = JsonProtocol.MAPPER.writeValueAsBytes(members);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize event members", e);
        }
        if (json.length > MAX_MEMBERS_BYTES) {
            return RawJson.NULL;
        }
        return RawJson.of(new String(json, StandardCharsets.UTF_8));
    }

    /** Returns a copy of {@code node} whose member names start with a lower-case letter, at every depth. */
    static ObjectNode lowerCamel(ObjectNode node) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            out.set(lowerFirst(field.getKey()), lowerCamelValue(field.getValue()));
        }
        return out;
    }

    private static JsonNode lowerCamelValue(JsonNode value) {
        if (value instanceof ObjectNode object) {
            return lowerCamel(object);
        }
        if (value instanceof ArrayNode list) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(list.size());
            list.forEach(element -> out.add(lowerCamelValue(element)));
            return out;
        }
        return value;
    }

    static String lowerFirst(String name) {
        if (name.isEmpty() || !Character.isUpperCase(name.charAt(0))) {
            return name;
        }
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    static @Nullable String truncate(@Nullable String text) {
        if (text == null || text.length() <= MAX_TEXT) {
            return text;
        }
        return text.substring(0, MAX_TEXT);
    }
}
