package dev.cairn.server.cloudtrail;

import static dev.cairn.server.cloudtrail.TrailWire.NODES;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.bucket.BucketNames;
import dev.cairn.bucket.ObjectStore;
import dev.cairn.protocol.operation.Call;
import dev.cairn.protocol.operation.Input;
import dev.cairn.trail.DeliveryStatus;
import dev.cairn.trail.DeliveryStatusBoard;
import dev.cairn.trail.Trail;
import dev.cairn.trail.TrailRepository;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * CloudTrail's trail operations: CreateTrail, UpdateTrail, DeleteTrail, GetTrail, DescribeTrails,
 * ListTrails, GetTrailStatus, StartLogging and StopLogging, over the {@link TrailRepository}.
 *
 * <p>Notes. Checks run in this order, each with CloudTrail's own exception: the trail name; the formats
 * of bucket name, key prefix, SNS topic, KMS key and CloudWatch Logs ARNs; combinations of parameters
 * (a multi-region trail must include global service events; a CloudWatch Logs log group and role go
 * together); organization trails only from the management account; tags; then the state: the name is
 * free, the region has room (5 trails, counting multi-region trails created elsewhere, which exist in every
 * region), and the bucket exists. A new trail is not logging until StartLogging. Nothing here talks to
 * SNS, KMS or CloudWatch Logs: their names are checked for form and kept, not resolved.
 */
final class Trails {
    static final int MAX_TRAILS_PER_REGION = 5;
    static final int MAX_S3_PREFIX = 200;
    static final int LIST_PAGE = 50;

    private static final Pattern SNS_TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,256}(\\.fifo)?");
    private static final Pattern SNS_TOPIC_ARN =
            Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");
    private static final String KEY_ID =
            "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}" + "|mrk-[0-9a-fA-F]{32})";
    private static final Pattern KMS_KEY_ID = Pattern.compile(KEY_ID);
    private static final Pattern KMS_ALIAS = Pattern.compile("alias/[A-Za-z0-9/_-]{1,250}");
    private static final Pattern KMS_ARN =
            Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key/" + KEY_ID + "|alias/[A-Za-z0-9/_-]{1,250})");
    private static final Pattern LOG_GROUP_ARN =
            Pattern.compile("arn:aws[a-z-]*:logs:[a-z0-9-]+:[0-9]{12}:log-group:[A-Za-z0-9_/.#-]{1,512}(:\\*)?");
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");

    private final TrailRepository trails;
    private final TrailLookup lookup;
    private final ObjectStore buckets;
    private final DeliveryStatusBoard statuses;
    private final String managementAccountId;

    Trails(TrailRepository trails, ObjectStore buckets, DeliveryStatusBoard statuses, String managementAccountId) {
        this.trails = requireNonNull(trails, "trails is null");
        this.lookup = new TrailLookup(trails);
        this.buckets = requireNonNull(buckets, "buckets is null");
        this.statuses = requireNonNull(statuses, "statuses is null");
        this.managementAccountId = requireNonNull(managementAccountId, "managementAccountId is null");
    }

    TrailLookup lookup() {
        return lookup;
    }

    // ---- create, update, delete ----------------------------------------------------------------

    ObjectNode createTrail(Call call) {
        Input in = call.input();
        String name = in.requiredString("Name");
        TrailLookup.checkName(name);
        TrailDraft draft = new TrailDraft(
                name, call.accountId(), call.region(), bucketName(in.requiredString("S3BucketName")), call.time());
        draft.s3KeyPrefix = prefix(in.string("S3KeyPrefix"));
        draft.snsTopicName = snsTopic(in.string("SnsTopicName"));
        draft.kmsKeyId = kmsKey(in.string("KmsKeyId"), call);
        draft.cloudWatchLogsLogGroupArn = logGroup(in.string("CloudWatchLogsLogGroupArn"));
        draft.cloudWatchLogsRoleArn = role(in.string("CloudWatchLogsRoleArn"));
        draft.includeGlobalServiceEvents = orDefault(TrailWire.bool(in, "IncludeGlobalServiceEvents"), true);
        draft.multiRegion = orDefault(TrailWire.bool(in, "IsMultiRegionTrail"), false);
        draft.logFileValidationEnabled = orDefault(TrailWire.bool(in, "EnableLogFileValidation"), false);
        draft.organizationTrail = orDefault(TrailWire.bool(in, "IsOrganizationTrail"), false);
        checkCombinations(draft);
        checkOrganization(draft, call);
        draft.tags = TrailTags.parse(in.members().get("TagsList"), false);
        TrailTags.checkCount(draft.tags.size(), draft.build().arn());

        Trail trail = draft.build();
        if (trails.find(trail.accountId(), trail.homeRegion(), trail.name()).isPresent()) {
            throw CloudTrailError.TRAIL_ALREADY_EXISTS.withMessage(
                    "Trail " + name + " already exists for customer: " + call.accountId());
        }
        checkRoom(trail, call.region());
        checkBucketExists(trail.s3BucketName());
        trails.create(trail);
        return TrailWire.settings(trail);
    }

    ObjectNode updateTrail(Call call) {
        Input in = call.input();
        Trail current = lookup.owned(call, "Name");
        TrailDraft draft = new TrailDraft(current);
        String bucket = in.string("S3BucketName");
        if (bucket != null) {
            draft.s3BucketName = bucketName(bucket);
        }
        if (in.has("S3KeyPrefix")) {
            draft.s3KeyPrefix = prefix(in.string("S3KeyPrefix"));
        }
        if (in.has("SnsTopicName")) {
            draft.snsTopicName = snsTopic(in.string("SnsTopicName"));
        }
        if (in.has("KmsKeyId")) {
            draft.kmsKeyId = kmsKey(in.string("KmsKeyId"), call);
        }
        if (in.has("CloudWatchLogsLogGroupArn")) {
            draft.cloudWatchLogsLogGroupArn = logGroup(in.string("CloudWatchLogsLogGroupArn"));
        }
        if (in.has("CloudWatchLogsRoleArn")) {
            draft.cloudWatchLogsRoleArn = role(in.string("CloudWatchLogsRoleArn"));
        }
        draft.includeGlobalServiceEvents =
                orDefault(TrailWire.bool(in, "IncludeGlobalServiceEvents"), draft.includeGlobalServiceEvents);
        draft.multiRegion = orDefault(TrailWire.bool(in, "IsMultiRegionTrail"), draft.multiRegion);
        draft.logFileValidationEnabled =
                orDefault(TrailWire.bool(in, "EnableLogFileValidation"), draft.logFileValidationEnabled);
        draft.organizationTrail = orDefault(TrailWire.bool(in, "IsOrganizationTrail"), draft.organizationTrail);
        checkCombinations(draft);
        if (draft.organizationTrail && !current.organizationTrail()) {
            checkOrganization(draft, call);
        }
        Trail trail = draft.build();
        if (trail.multiRegion() && !current.multiRegion()) {
            checkRoom(trail, call.region());
        }
        if (bucket != null) {
            checkBucketExists(trail.s3BucketName());
        }
        if (!trail.equals(current)) {
            trails.update(trail);
        }
        return TrailWire.settings(trail);
    }

    @Nullable
    ObjectNode deleteTrail(Call call) {
        trails.delete(lookup.owned(call, "Name"));
        return null;
    }

    // ---- reads ---------------------------------------------------------------------------------

    ObjectNode getTrail(Call call) {
        ObjectNode out = NODES.objectNode();
        out.set("Trail", TrailWire.trail(lookup.visible(call, "Name")));
        return out;
    }

    ObjectNode describeTrails(Call call) {
        Input in = call.input();
        List<String> names = TrailWire.strings(in, "trailNameList");
        boolean shadows = orDefault(TrailWire.bool(in, "includeShadowTrails"), true);
        String region = call.region();
        List<Trail> found = new ArrayList<>();
        if (names == null || names.isEmpty()) {
            for (Trail t : trails.ofAccount(call.accountId())) {
                if (t.homeRegion().equals(region) || (shadows && t.coversRegion(region))) {
                    found.add(t);
                }
            }
        } else {
            Set<String> seen = new LinkedHashSet<>();
            for (String nameOrArn : names) {
                lookup.find(call, nameOrArn)
                        .filter(t -> shadows || t.homeRegion().equals(region))
                        .filter(t -> seen.add(t.arn()))
                        .ifPresent(found::add);
            }
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("trailList");
        for (Trail t : found) {
            list.add(TrailWire.trail(t));
        }
        return out;
    }

    ObjectNode listTrails(Call call) {
        String after = null;
        String token = call.input().string("NextToken");
        if (token != null) {
            after = decodeToken(token);
        }
        List<Trail> all = new ArrayList<>(trails.ofAccount(call.accountId()));
        all.sort(Comparator.comparing(Trails::position));
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("Trails");
        Trail last = null;
        int index = 0;
        for (; index < all.size() && list.size() < LIST_PAGE; index++) {
            Trail t = all.get(index);
            if (after == null || position(t).compareTo(after) > 0) {
                list.add(TrailWire.info(t));
                last = t;
            }
        }
        if (last != null && index < all.size()) {
            out.put(
                    "NextToken",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(position(last).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    ObjectNode getTrailStatus(Call call) {
        Trail t = lookup.visibleReportingArn(call, "Name");
        DeliveryStatus s = statuses.status(t.arn());
        ObjectNode out = NODES.objectNode();
        out.put("IsLogging", t.logging());
        if (s.latestDeliveryError() != null) {
            out.put("LatestDeliveryError", s.latestDeliveryError());
        }
        if (s.latestDeliveryTime() != null) {
            out.put("LatestDeliveryTime", TrailWire.epoch(s.latestDeliveryTime()));
        }
        if (t.startLoggingTime() != null) {
            out.put("StartLoggingTime", TrailWire.epoch(t.startLoggingTime()));
        }
        if (t.stopLoggingTime() != null) {
            out.put("StopLoggingTime", TrailWire.epoch(t.stopLoggingTime()));
        }
        if (s.latestDigestDeliveryTime() != null) {
            out.put("LatestDigestDeliveryTime", TrailWire.epoch(s.latestDigestDeliveryTime()));
        }
        if (s.latestDigestDeliveryError() != null) {
            out.put("LatestDigestDeliveryError", s.latestDigestDeliveryError());
        }
        // The deprecated string members, filled as AWS still fills them: a time, or "" when there is none.
        out.put("LatestDeliveryAttemptTime", TrailWire.iso(s.latestDeliveryAttemptTime()));
        out.put("LatestNotificationAttemptTime", "");
        out.put("LatestNotificationAttemptSucceeded", "");
        out.put("LatestDeliveryAttemptSucceeded", TrailWire.iso(s.latestDeliveryTime()));
        out.put("TimeLoggingStarted", TrailWire.iso(t.startLoggingTime()));
        out.put("TimeLoggingStopped", TrailWire.iso(t.stopLoggingTime()));
        return out;
    }

    // ---- logging -------------------------------------------------------------------------------

    @Nullable
    ObjectNode startLogging(Call call) {
        Trail t = lookup.owned(call, "Name");
        if (!t.logging()) {
            TrailDraft draft = new TrailDraft(t);
            draft.logging = true;
            draft.startLoggingTime = call.time();
            trails.update(draft.build());
        }
        return null;
    }

    @Nullable
    ObjectNode stopLogging(Call call) {
        Trail t = lookup.owned(call, "Name");
        if (t.logging()) {
            TrailDraft draft = new TrailDraft(t);
            draft.logging = false;
            draft.stopLoggingTime = call.time();
            trails.update(draft.build());
        }
        return null;
    }

    // ---- checks --------------------------------------------------------------------------------

    private static String bucketName(String name) {
        if (!BucketNames.isValid(name)) {
            throw CloudTrailError.INVALID_S3_BUCKET_NAME.withMessage("Invalid S3 bucket name: " + name
                    + ". A bucket name has 3 to 63 lowercase letters, digits, dots and hyphens, and starts and ends"
                    + " with a letter or digit.");
        }
        return name;
    }

    /**
     * Checks a key prefix: at most 200 characters, not starting with {@code /}. An empty prefix is none. A
     * trailing {@code /} is kept as given (log files then sit under {@code prefix//AWSLogs/}).
     */
    private static @Nullable String prefix(@Nullable String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return null;
        }
        if (prefix.length() > MAX_S3_PREFIX) {
            throw CloudTrailError.INVALID_S3_PREFIX.withMessage("S3 key prefix has " + prefix.length()
                    + " characters; the maximum length is " + MAX_S3_PREFIX + " characters.");
        }
        if (prefix.startsWith("/")) {
            throw CloudTrailError.INVALID_S3_PREFIX.withMessage(
                    "S3 key prefix " + prefix + " is not valid: it must not start with a slash (/).");
        }
        if (prefix.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw CloudTrailError.INVALID_S3_PREFIX.withMessage(
                    "S3 key prefix " + prefix + " is not valid: it must not contain control characters.");
        }
        return prefix;
    }

    private static @Nullable String snsTopic(@Nullable String topic) {
        if (topic == null || topic.isEmpty()) {
            return null;
        }
        if (!SNS_TOPIC.matcher(topic).matches() && !SNS_TOPIC_ARN.matcher(topic).matches()) {
            throw CloudTrailError.INVALID_SNS_TOPIC_NAME.withMessage("SNS topic " + topic
                    + " is not valid: give a topic name of up to 256 letters, digits, hyphens and underscores, or a"
                    + " topic ARN.");
        }
        return topic;
    }

    /** Checks a KMS key and returns its ARN: a key ID or alias name becomes the ARN in the call's region. */
    private static @Nullable String kmsKey(@Nullable String key, Call call) {
        if (key == null || key.isEmpty()) {
            return null;
        }
        if (KMS_ARN.matcher(key).matches()) {
            return key;
        }
        String prefix = "arn:aws:kms:" + call.region() + ":" + call.accountId() + ":";
        if (KMS_KEY_ID.matcher(key).matches()) {
            return prefix + "key/" + key;
        }
        if (KMS_ALIAS.matcher(key).matches()) {
            return prefix + key;
        }
        throw CloudTrailError.INVALID_KMS_KEY_ID.withMessage("KMS key " + key
                + " is not valid: give a key ID, a key ARN, an alias name (alias/...) or an alias ARN.");
    }

    private static @Nullable String logGroup(@Nullable String arn) {
        if (arn == null || arn.isEmpty()) {
            return null;
        }
        if (!LOG_GROUP_ARN.matcher(arn).matches()) {
            throw CloudTrailError.INVALID_CLOUD_WATCH_LOGS_LOG_GROUP_ARN.withMessage("CloudWatch Logs log group ARN "
                    + arn + " is not valid: the format is arn:aws:logs:<region>:<account>:log-group:<name>:*.");
        }
        return arn;
    }

    private static @Nullable String role(@Nullable String arn) {
        if (arn == null || arn.isEmpty()) {
            return null;
        }
        if (!ROLE_ARN.matcher(arn).matches()) {
            throw CloudTrailError.INVALID_CLOUD_WATCH_LOGS_ROLE_ARN.withMessage("CloudWatch Logs role ARN " + arn
                    + " is not valid: the format is arn:aws:iam::<account>:role/<name>.");
        }
        return arn;
    }

    private static void checkCombinations(TrailDraft t) {
        if (t.multiRegion && !t.includeGlobalServiceEvents) {
            throw CloudTrailError.INVALID_PARAMETER_COMBINATION.withMessage(
                    "Multi-Region trail must include global service events.");
        }
        if (t.cloudWatchLogsRoleArn != null && t.cloudWatchLogsLogGroupArn == null) {
            throw CloudTrailError.INVALID_PARAMETER_COMBINATION.withMessage(
                    "You must specify a CloudWatch Logs log group (CloudWatchLogsLogGroupArn) with a role"
                            + " (CloudWatchLogsRoleArn).");
        }
        if (t.cloudWatchLogsLogGroupArn != null && t.cloudWatchLogsRoleArn == null) {
            throw CloudTrailError.INVALID_PARAMETER_COMBINATION.withMessage(
                    "You must specify a role (CloudWatchLogsRoleArn) for CloudTrail to deliver to the CloudWatch Logs"
                            + " log group " + t.cloudWatchLogsLogGroupArn + ".");
        }
    }

    private void checkOrganization(TrailDraft t, Call call) {
        if (t.organizationTrail && !call.accountId().equals(managementAccountId)) {
            throw CloudTrailError.NOT_ORGANIZATION_MASTER_ACCOUNT.withMessage("Account " + call.accountId()
                    + " is not the management account of an organization; only the management account creates"
                    + " organization trails.");
        }
    }

    /**
     * Checks that the regions {@code trail} exists in have room for it: a region holds at most 5 trails of an
     * account, counting the multi-region trails created in other regions.
     */
    private void checkRoom(Trail trail, String region) {
        List<Trail> others = trails.ofAccount(trail.accountId()).stream()
                .filter(t -> !t.arn().equals(trail.arn()))
                .toList();
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put(region, 0);
        if (trail.multiRegion()) {
            for (Trail t : others) {
                counts.put(t.homeRegion(), 0);
            }
        }
        for (String r : counts.keySet()) {
            long inRegion = others.stream().filter(t -> t.coversRegion(r)).count();
            if (inRegion >= MAX_TRAILS_PER_REGION) {
                throw CloudTrailError.MAXIMUM_NUMBER_OF_TRAILS_EXCEEDED.withMessage("User: " + trail.accountId()
                        + " already has " + MAX_TRAILS_PER_REGION + " trails in " + r + ".");
            }
        }
    }

    private void checkBucketExists(String bucket) {
        checkBucketExists(buckets, bucket);
    }

    /** Checks that the bucket a trail delivers to exists, failing with S3BucketDoesNotExistException. */
    static void checkBucketExists(ObjectStore buckets, String bucket) {
        if (buckets.bucket(bucket).isEmpty()) {
            throw CloudTrailError.S3_BUCKET_DOES_NOT_EXIST.withMessage("S3 bucket " + bucket + " does not exist.");
        }
    }

    private static boolean orDefault(@Nullable Boolean value, boolean fallback) {
        return value == null ? fallback : value;
    }

    /** Where a trail sits in ListTrails's order: by home region, then name. */
    private static String position(Trail t) {
        return t.homeRegion() + "/" + t.name();
    }

    private static String decodeToken(String token) {
        try {
            String position = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (position.indexOf('/') > 0) {
                return position;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw CloudTrailError.INVALID_NEXT_TOKEN.withMessage("The NextToken " + token + " is not valid.");
    }
}
