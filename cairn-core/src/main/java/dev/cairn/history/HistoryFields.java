package dev.cairn.history;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import dev.cairn.event.AuditEvent;
import dev.cairn.event.RawJson;
import dev.cairn.event.Resource;
import dev.cairn.event.UserIdentity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What event history derives from a record: which events it keeps, under which account, and the values
 * each {@link LookupAttributeKey} matches (spec §5). Every {@link EventStore} uses these, so that all of
 * them find the same events.
 *
 * <ul>
 *   <li><b>Kept</b>: management events ({@code managementEvent} true, or absent as in records older than
 *       eventVersion 1.06, and {@code eventCategory} Management or absent) and Insights events
 *       ({@code eventType} AwsCloudTrailInsight). Data and network-activity events are not.
 *   <li><b>Account</b>: {@code recipientAccountId}, or the caller's {@code userIdentity.accountId} in old
 *       records that lack it.
 *   <li><b>Username</b>: IAMUser → {@code userName} (else the last segment of the ARN); AssumedRole → the
 *       session name, the last segment of the ARN; Root → {@code root}; FederatedUser → the last segment
 *       of the ARN; AWSService → {@code invokedBy}; any other type → {@code userName}, when present.
 *   <li><b>Resources</b>: each item of the record's {@code resources} (its type, and as name the last
 *       segment of its ARN after {@code :} or {@code /}); then for {@code iam} and {@code sts} the
 *       request parameters {@code userName} (AWS::IAM::User), {@code roleName} and {@code roleArn}
 *       (AWS::IAM::Role) and {@code accessKeyId} (AWS::IAM::AccessKey); for {@code cloudtrail} the
 *       parameters {@code name} and {@code trailName} (AWS::CloudTrail::Trail), names or ARNs. Each
 *       (type, name) pair once, in that order.
 *   <li><b>EventName, EventSource</b>: the record's; an Insights event has neither at the top level, so
 *       those of its {@code insightDetails}.
 *   <li><b>ReadOnly</b>: {@code "true"} or {@code "false"}; <b>AccessKeyId</b>: {@code
 *       userIdentity.accessKeyId} unless empty; <b>EventId</b>: {@code eventID}.
 * </ul>
 *
 * <p>Values longer than {@link LookupAttribute#MAX_VALUE_LENGTH} characters are left out of
 * {@link #values}: no lookup can ask for them.
 */
public final class HistoryFields {

    /** The eventType of Insights events. */
    public static final String INSIGHT_EVENT_TYPE = "AwsCloudTrailInsight";

    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .recyclerPool(JsonRecyclerPools.nonRecyclingPool())
            .build();

    /** Request parameters that name a resource of IAM and STS calls, and the resource's type. */
    private static final Map<String, String> IAM_PARAMETERS = Map.of(
            "userName", "AWS::IAM::User",
            "roleName", "AWS::IAM::Role",
            "roleArn", "AWS::IAM::Role",
            "accessKeyId", "AWS::IAM::AccessKey");

    /** The same for CloudTrail calls. */
    private static final Map<String, String> CLOUDTRAIL_PARAMETERS =
            Map.of("name", "AWS::CloudTrail::Trail", "trailName", "AWS::CloudTrail::Trail");

    /** The order in which parameters are taken, so that resources come in a stable order. */
    private static final List<String> PARAMETER_ORDER =
            List.of("userName", "roleName", "roleArn", "accessKeyId", "name", "trailName");

    private HistoryFields() {}

    /** Whether event history keeps {@code event}: a management or an Insights event. */
    public static boolean isKept(AuditEvent event) {
        return isInsight(event) || isManagement(event);
    }

    /** Whether {@code event} is an Insights event, found only by lookups of Insights events. */
    public static boolean isInsight(AuditEvent event) {
        return INSIGHT_EVENT_TYPE.equals(event.eventType()) || "Insight".equals(event.eventCategory());
    }

    /**
     * Whether {@code event} is a management event: not an Insights event, {@code managementEvent} not
     * false, and {@code eventCategory} Management or absent.
     */
    public static boolean isManagement(AuditEvent event) {
        if (isInsight(event) || Boolean.FALSE.equals(event.managementEvent())) {
            return false;
        }
        String category = event.eventCategory();
        return category == null || category.equals("Management");
    }

    /** The account whose history holds {@code event}, or null when the record names none. */
    public static @Nullable String accountId(AuditEvent event) {
        String recipient = event.recipientAccountId();
        if (recipient != null && !recipient.isEmpty()) {
            return recipient;
        }
        UserIdentity identity = event.userIdentity();
        String caller = identity == null ? null : identity.accountId();
        return caller == null || caller.isEmpty() ? null : caller;
    }

    /** The API action, from {@code insightDetails} for an Insights event; empty when there is none. */
    public static String eventName(AuditEvent event) {
        String name = event.eventName();
        if (name == null && isInsight(event)) {
            name = insightMember(event, "eventName");
        }
        return name == null ? "" : name;
    }

    /** The service, from {@code insightDetails} for an Insights event; empty when there is none. */
    public static String eventSource(AuditEvent event) {
        String source = event.eventSource();
        if (source == null && isInsight(event)) {
            source = insightMember(event, "eventSource");
        }
        return source == null ? "" : source;
    }

    /** {@code readOnly} as the string LookupEvents returns, or null when the record does not say. */
    public static @Nullable String readOnly(AuditEvent event) {
        Boolean readOnly = event.readOnly();
        return readOnly == null ? null : readOnly.toString();
    }

    /** The access key that signed the call, or null when the record has none or an empty one. */
    public static @Nullable String accessKeyId(AuditEvent event) {
        UserIdentity identity = event.userIdentity();
        String key = identity == null ? null : identity.accessKeyId();
        return key == null || key.isEmpty() ? null : key;
    }

    /** The user name LookupEvents shows for {@code event}, or null; see the class description. */
    public static @Nullable String username(AuditEvent event) {
        UserIdentity identity = event.userIdentity();
        if (identity == null) {
            return null;
        }
        String type = identity.type();
        String name = switch (type == null ? "" : type) {
            case "IAMUser" -> identity.userName() != null ? identity.userName() : lastSegment(identity.arn());
            case "AssumedRole", "FederatedUser" -> lastSegment(identity.arn());
            case "Root" -> "root";
            case "AWSService" -> identity.invokedBy();
            default -> identity.userName();
        };
        return name == null || name.isEmpty() ? null : name;
    }

    /** The resources LookupEvents shows for {@code event}; see the class description. */
    public static List<HistoryResource> resources(AuditEvent event) {
        Set<HistoryResource> resources = new LinkedHashSet<>();
        List<Resource> listed = event.resources();
        if (listed != null) {
            for (Resource resource : listed) {
                String name = lastSegment(resource.arn());
                if (name != null) {
                    resources.add(new HistoryResource(resource.type(), name));
                }
            }
        }
        Map<String, String> named = switch (String.valueOf(event.eventSource())) {
            case "iam.amazonaws.com", "sts.amazonaws.com" -> IAM_PARAMETERS;
            case "cloudtrail.amazonaws.com" -> CLOUDTRAIL_PARAMETERS;
            default -> Map.of();
        };
        RawJson parameters = event.requestParameters();
        if (!named.isEmpty() && parameters != null && parameters.isObject()) {
            Map<String, String> values = topLevelStrings(parameters, named.keySet());
            for (String parameter : PARAMETER_ORDER) {
                String name = lastSegment(values.get(parameter));
                if (name != null) {
                    resources.add(new HistoryResource(named.get(parameter), name));
                }
            }
        }
        return List.copyOf(resources);
    }

    /**
     * The values of {@code event} that a lookup by {@code key} matches exactly: none, one, or for the
     * resource keys several, each once.
     */
    public static List<String> values(AuditEvent event, LookupAttributeKey key) {
        requireNonNull(key, "key is null");
        return values(HistoryEvent.of(event, RecordText.EMPTY), key);
    }

    /**
     * The values a lookup by {@code key} matches exactly, from an event's fields as LookupEvents shows
     * them: the same as {@link #values(AuditEvent, LookupAttributeKey)} of the event {@code shown} was
     * derived from, without deriving them again.
     */
    public static List<String> values(HistoryEvent shown, LookupAttributeKey key) {
        requireNonNull(shown, "shown is null");
        requireNonNull(key, "key is null");
        return switch (key) {
            case EventId -> single(shown.eventId());
            case EventName -> single(shown.eventName());
            case ReadOnly -> single(shown.readOnly());
            case Username -> single(shown.username());
            case ResourceType, ResourceName -> {
                List<String> values = new ArrayList<>(shown.resources().size());
                for (HistoryResource resource : shown.resources()) {
                    String value =
                            key == LookupAttributeKey.ResourceType ? resource.resourceType() : resource.resourceName();
                    if (value != null && isLookedUp(value) && !values.contains(value)) {
                        values.add(value);
                    }
                }
                yield values;
            }
            case EventSource -> single(shown.eventSource());
            case AccessKeyId -> single(shown.accessKeyId());
        };
    }

    /**
     * Whether {@code value} is one of {@link #values(HistoryEvent, LookupAttributeKey) values(shown, key)},
     * found without building the list: what an in-memory lookup asks of every event it scans.
     */
    public static boolean has(HistoryEvent shown, LookupAttributeKey key, String value) {
        requireNonNull(shown, "shown is null");
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        return switch (key) {
            case EventId -> is(shown.eventId(), value);
            case EventName -> is(shown.eventName(), value);
            case ReadOnly -> is(shown.readOnly(), value);
            case Username -> is(shown.username(), value);
            case ResourceType, ResourceName -> {
                for (HistoryResource resource : shown.resources()) {
                    if (is(
                            key == LookupAttributeKey.ResourceType ? resource.resourceType() : resource.resourceName(),
                            value)) {
                        yield true;
                    }
                }
                yield false;
            }
            case EventSource -> is(shown.eventSource(), value);
            case AccessKeyId -> is(shown.accessKeyId(), value);
        };
    }

    private static boolean is(@Nullable String field, String value) {
        return field != null && field.equals(value) && isLookedUp(field);
    }

    /** Returns what follows the last {@code :} or {@code /} of {@code value}, or null for nothing. */
    public static @Nullable String lastSegment(@Nullable String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        int cut = Math.max(value.lastIndexOf(':'), value.lastIndexOf('/'));
        String segment = value.substring(cut + 1);
        return segment.isEmpty() ? null : segment;
    }

    private static List<String> single(@Nullable String value) {
        return value == null || !isLookedUp(value) ? List.of() : List.of(value);
    }

    /** Whether a lookup can ask for {@code value}: it is not empty, and not longer than the API takes. */
    private static boolean isLookedUp(String value) {
        return !value.isEmpty() && value.length() <= LookupAttribute.MAX_VALUE_LENGTH;
    }

    private static @Nullable String insightMember(AuditEvent event, String member) {
        RawJson details = event.insightDetails();
        if (details == null || !details.isObject()) {
            return null;
        }
        return topLevelStrings(details, Set.of(member)).get(member);
    }

    /** Returns the members of the JSON object {@code json} named in {@code names} whose values are strings. */
    private static Map<String, String> topLevelStrings(RawJson json, Set<String> names) {
        Map<String, String> found = new HashMap<>();
        try (JsonParser parser = JSON.createParser(json.json())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return found;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && names.contains(name)) {
                    found.putIfAbsent(name, parser.getText());
                } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                }
            }
            return found;
        } catch (IOException e) {
            return found; // RawJson holds valid JSON, so this does not happen; derive nothing from it
        }
    }
}
