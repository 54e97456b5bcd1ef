package dev.cairn.server.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.error.CommonError;
import dev.cairn.protocol.operation.Input;
import dev.cairn.trail.Trail;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The wire shapes of trails in CloudTrail's JSON 1.1 answers ({@code Trail}, {@code TrailInfo}, the output of
 * CreateTrail and UpdateTrail), and the typed readers of request members the trail operations share.
 * Absent optional strings are left out, as AWS leaves them out; timestamps are epoch seconds with
 * milliseconds, as JSON numbers.
 */
final class TrailWire {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter ISO_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private TrailWire() {}

    /** Returns the {@code Trail} shape of GetTrail and DescribeTrails. */
    static ObjectNode trail(Trail t) {
        ObjectNode m = NODES.objectNode();
        m.put("Name", t.name());
        m.put("S3BucketName", t.s3BucketName());
        putIfPresent(m, "S3KeyPrefix", t.s3KeyPrefix());
        putIfPresent(m, "SnsTopicName", snsTopicName(t));
        putIfPresent(m, "SnsTopicARN", snsTopicArn(t));
        m.put("IncludeGlobalServiceEvents", t.includeGlobalServiceEvents());
        m.put("IsMultiRegionTrail", t.multiRegion());
        m.put("HomeRegion", t.homeRegion());
        m.put("TrailARN", t.arn());
        m.put("LogFileValidationEnabled", t.logFileValidationEnabled());
        putIfPresent(m, "CloudWatchLogsLogGroupArn", t.cloudWatchLogsLogGroupArn());
        putIfPresent(m, "CloudWatchLogsRoleArn", t.cloudWatchLogsRoleArn());
        putIfPresent(m, "KmsKeyId", t.kmsKeyId());
        m.put("HasCustomEventSelectors", t.selectors() != null);
        m.put("HasInsightSelectors", !t.insightSelectors().isEmpty());
        m.put("IsOrganizationTrail", t.organizationTrail());
        return m;
    }

    /** Returns the output of CreateTrail and UpdateTrail: the trail without HomeRegion and the Has* flags. */
    static ObjectNode settings(Trail t) {
        ObjectNode m = NODES.objectNode();
        m.put("Name", t.name());
        m.put("S3BucketName", t.s3BucketName());
        putIfPresent(m, "S3KeyPrefix", t.s3KeyPrefix());
        putIfPresent(m, "SnsTopicName", snsTopicName(t));
        putIfPresent(m, "SnsTopicARN", snsTopicArn(t));
        m.put("IncludeGlobalServiceEvents", t.includeGlobalServiceEvents());
        m.put("IsMultiRegionTrail", t.multiRegion());
        m.put("TrailARN", t.arn());
        m.put("LogFileValidationEnabled", t.logFileValidationEnabled());
        putIfPresent(m, "CloudWatchLogsLogGroupArn", t.cloudWatchLogsLogGroupArn());
        putIfPresent(m, "CloudWatchLogsRoleArn", t.cloudWatchLogsRoleArn());
        putIfPresent(m, "KmsKeyId", t.kmsKeyId());
        m.put("IsOrganizationTrail", t.organizationTrail());
        return m;
    }

    /** Returns the {@code TrailInfo} shape of ListTrails. */
    static ObjectNode info(Trail t) {
        ObjectNode m = NODES.objectNode();
        m.put("TrailARN", t.arn());
        m.put("Name", t.name());
        m.put("HomeRegion", t.homeRegion());
        return m;
    }

    /** Returns the topic's name: the last part of an ARN given, or the name given. */
    static @Nullable String snsTopicName(Trail t) {
        String topic = t.snsTopicName();
        return topic == null ? null : topic.substring(topic.lastIndexOf(':') + 1);
    }

    /** Returns the topic's ARN: the ARN given, or the ARN of the name given in the trail's home region. */
    static @Nullable String snsTopicArn(Trail t) {
        String topic = t.snsTopicName();
        if (topic == null) {
            return null;
        }
        return topic.startsWith("arn:") ? topic : "arn:aws:sns:" + t.homeRegion() + ":" + t.accountId() + ":" + topic;
    }

    /** Returns an instant as CloudTrail's timestamps travel: epoch seconds with three decimals. */
    static BigDecimal epoch(Instant instant) {
        return BigDecimal.valueOf(instant.truncatedTo(ChronoUnit.MILLIS).toEpochMilli(), 3);
    }

    /** Returns an instant as GetTrailStatus's deprecated string members show it, {@code 2015-09-01T20:35:57Z}. */
    static String iso(@Nullable Instant instant) {
        return instant == null ? "" : ISO_SECONDS.format(instant);
    }

    private static void putIfPresent(ObjectNode m, String member, @Nullable String value) {
        if (value != null) {
            m.put(member, value);
        }
    }

    // ---- request members -----------------------------------------------------------------------

    /** Returns a boolean member, or null when absent; anything but a JSON boolean is refused. */
    static @Nullable Boolean bool(Input in, String member) {
        JsonNode node = in.members().get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw new AwsException(
                    CommonError.SERIALIZATION,
                    "The value of " + member + " must be a boolean (true or false), not " + node + ".");
        }
        return node.booleanValue();
    }

    /** Returns a list-of-strings member, or null when absent. */
    static @Nullable List<String> strings(Input in, String member) {
        JsonNode node = in.members().get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new AwsException(CommonError.SERIALIZATION, "The value of " + member + " must be a list of strings.");
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new AwsException(
                        CommonError.SERIALIZATION,
                        "The value of " + member + " must be a list of strings, not " + node + ".");
            }
            values.add(item.textValue());
        }
        return values;
    }
}
