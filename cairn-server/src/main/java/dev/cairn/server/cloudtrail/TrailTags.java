package dev.cairn.server.cloudtrail;

import static dev.cairn.server.cloudtrail.TrailWire.NODES;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.operation.Call;
import dev.cairn.trail.Trail;
import dev.cairn.trail.TrailArn;
import dev.cairn.trail.TrailRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * CloudTrail's AddTags, RemoveTags and ListTags on trails, and the tag rules CreateTrail shares: keys of 1
 * to 128 and values of up to 256 letters, digits, spaces and {@code _.:/=+-@}, no key twice in one request,
 * no {@code aws:} key, at most {@value #MAX_TAGS} tags per trail. A tag given without a value has none
 * (kept as the empty string, and shown without {@code Value}).
 *
 * <p>Resources are named by ARN and must be trails of the caller's account in the call's region: an ARN of
 * another region gets CloudTrailARNInvalidException "Region in ARN is wrong", as AWS answers for the ARN of
 * a shadow trail; other CloudTrail resource types (event data stores, channels, dashboards) are not served.
 */
final class TrailTags {
    static final int MAX_TAGS = 50;
    static final int MAX_LIST_RESOURCES = 20;
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    private static final Pattern CLOUDTRAIL_ARN = Pattern.compile("arn:[^:]+:cloudtrail:([^:]*):([^:]*):([^/]*)/.*");

    private final TrailRepository trails;

    TrailTags(TrailRepository trails) {
        this.trails = requireNonNull(trails, "trails is null");
    }

    @Nullable
    ObjectNode addTags(Call call) {
        Trail trail = resource(call, call.input().requiredString("ResourceId"));
        Map<String, String> added = parse(call.input().members().get("TagsList"), true);
        Map<String, String> tags = new LinkedHashMap<>(trail.tags());
        tags.putAll(added);
        checkCount(tags.size(), trail.arn());
        TrailDraft draft = new TrailDraft(trail);
        draft.tags = tags;
        trails.update(draft.build());
        return null;
    }

    @Nullable
    ObjectNode removeTags(Call call) {
        Trail trail = resource(call, call.input().requiredString("ResourceId"));
        Map<String, String> removed = parse(call.input().members().get("TagsList"), true);
        TrailDraft draft = new TrailDraft(trail);
        if (draft.tags.keySet().removeAll(removed.keySet())) {
            trails.update(draft.build());
        }
        return null;
    }

    ObjectNode listTags(Call call) {
        List<String> ids = TrailWire.strings(call.input(), "ResourceIdList");
        if (ids == null) {
            ids = List.of(call.input().requiredString("ResourceIdList"));
        }
        if (ids.size() > MAX_LIST_RESOURCES) {
            throw CloudTrailError.INVALID_PARAMETER.withMessage("ResourceIdList has " + ids.size()
                    + " ARNs; tags of at most " + MAX_LIST_RESOURCES + " resources are listed at a time.");
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("ResourceTagList");
        for (String id : ids) {
            Trail trail = resource(call, id);
            ObjectNode entry = list.addObject();
            entry.put("ResourceId", trail.arn());
            entry.set("TagsList", wire(trail.tags()));
        }
        return out;
    }

    /** Returns the trail {@code resourceId} names, which must be a trail ARN of the caller's region. */
    private Trail resource(Call call, String resourceId) {
        var m = CLOUDTRAIL_ARN.matcher(resourceId);
        if (m.matches() && !m.group(3).equals("trail")) {
            throw CloudTrailError.RESOURCE_TYPE_NOT_SUPPORTED.withMessage(
                    "Resource type " + m.group(3) + " of " + resourceId + " is not supported; only trails are tagged.");
        }
        TrailArn arn = TrailLookup.parseArn(resourceId);
        if (!arn.region().equals(call.region())) {
            throw CloudTrailError.TRAIL_ARN_INVALID.withMessage(
                    "Region in ARN is wrong, you can only access resources in region " + call.region() + ".");
        }
        if (!arn.accountId().equals(call.accountId())) {
            throw notFound(resourceId);
        }
        return trails.find(arn.accountId(), arn.region(), arn.name()).orElseThrow(() -> notFound(resourceId));
    }

    private static AwsException notFound(String resourceId) {
        return CloudTrailError.RESOURCE_NOT_FOUND.withMessage("Resource not found: " + resourceId + ".");
    }

    /**
     * Reads a {@code TagsList} member into tags by key, in the order given; a tag without a value maps to the
     * empty string.
     *
     * @param required whether the list must be present
     */
    static Map<String, String> parse(@Nullable JsonNode list, boolean required) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (list == null || list.isNull()) {
            if (required) {
                throw CloudTrailError.INVALID_TAG_PARAMETER.withMessage("TagsList is required.");
            }
            return tags;
        }
        if (!list.isArray()) {
            throw CloudTrailError.INVALID_TAG_PARAMETER.withMessage("TagsList must be a list of tags.");
        }
        for (JsonNode tag : list) {
            JsonNode keyNode = tag.get("Key");
            if (keyNode == null || !keyNode.isTextual()) {
                throw CloudTrailError.INVALID_TAG_PARAMETER.withMessage("Each tag needs a Key.");
            }
            String key = keyNode.textValue();
            JsonNode valueNode = tag.get("Value");
            String value = valueNode == null || valueNode.isNull() ? "" : valueNode.asText();
            check("key", key, 1, 128);
            check("value", value, 0, 256);
            if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw CloudTrailError.INVALID_TAG_PARAMETER.withMessage(
                        "Tag key " + key + " is not valid: keys starting with aws: are reserved for AWS.");
            }
            if (tags.put(key, value) != null) {
                throw CloudTrailError.INVALID_TAG_PARAMETER.withMessage(
                        "Tag key " + key + " is given twice; each key may be given once.");
            }
        }
        return tags;
    }

    static void checkCount(int count, String arn) {
        if (count > MAX_TAGS) {
            throw CloudTrailError.TAGS_LIMIT_EXCEEDED.withMessage("The number of tags on " + arn + " would be " + count
                    + "; a trail has at most " + MAX_TAGS + " tags.");
        }
    }

    private static void check(String what, String text, int min, int max) {
        int length = text.codePointCount(0, text.length());
        if (length < min || length > max) {
            throw CloudTrailError.INVALID_TAG_PARAMETER.withMessage("Tag " + what + " '" + text + "' has " + length
                    + " characters; a tag " + what + " has " + min + " to " + max + ".");
        }
        if (!TAG.matcher(text).matches()) {
            throw CloudTrailError.INVALID_TAG_PARAMETER.withMessage("Tag " + what + " '" + text
                    + "' is not valid: it may contain only letters, digits, spaces and _ . : / = + - @.");
        }
    }

    /** Returns tags as a wire {@code TagsList}, ordered by key; a tag without a value has no Value. */
    static ArrayNode wire(Map<String, String> tags) {
        ArrayNode list = NODES.arrayNode();
        for (Map.Entry<String, String> tag : new TreeMap<>(tags).entrySet()) {
            ObjectNode t = list.addObject();
            t.put("Key", tag.getKey());
            if (!tag.getValue().isEmpty()) {
                t.put("Value", tag.getValue());
            }
        }
        return list;
    }
}
