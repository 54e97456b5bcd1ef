package dev.cairn.trail;

import static java.util.Objects.requireNonNull;

import dev.cairn.selector.TrailSelectors;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One trail's configuration and logging state, as stored.
 *
 * @param name the trail's name, unique per account and home region
 * @param accountId the account that owns it
 * @param homeRegion the region it was created in
 * @param s3BucketName the bucket its log and digest files go to
 * @param s3KeyPrefix the key prefix of those files, or null for none
 * @param snsTopicName the SNS topic given, or null
 * @param includeGlobalServiceEvents whether events of global services (IAM, STS) are delivered
 * @param multiRegion whether events of every region are delivered, not only the home region's
 * @param logFileValidationEnabled whether signed digest files are delivered
 * @param cloudWatchLogsLogGroupArn the log group events are also sent to, or null
 * @param cloudWatchLogsRoleArn the role assumed to send them, or null
 * @param kmsKeyId the KMS key ARN given, or null
 * @param organizationTrail whether it is an organization trail
 * @param selectors the event selectors put, or null for the default (all management events)
 * @param insightSelectors the Insights selectors put, as {@code InsightType} values; empty for none
 * @param tags the tags, by key; a tag given without a value has the empty string
 * @param logging whether the trail is delivering now
 * @param startLoggingTime when logging last started, or null if never
 * @param stopLoggingTime when logging last stopped, or null if never
 * @param created when the trail was created
 */
public record Trail(
        String name,
        String accountId,
        String homeRegion,
        String s3BucketName,
        @Nullable String s3KeyPrefix,
        @Nullable String snsTopicName,
        boolean includeGlobalServiceEvents,
        boolean multiRegion,
        boolean logFileValidationEnabled,
        @Nullable String cloudWatchLogsLogGroupArn,
        @Nullable String cloudWatchLogsRoleArn,
        @Nullable String kmsKeyId,
        boolean organizationTrail,
        @Nullable TrailSelectors selectors,
        List<String> insightSelectors,
        Map<String, String> tags,
        boolean logging,
        @Nullable Instant startLoggingTime,
        @Nullable Instant stopLoggingTime,
        Instant created) {

    public Trail {
        requireNonNull(name, "name is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(homeRegion, "homeRegion is null");
        requireNonNull(s3BucketName, "s3BucketName is null");
        insightSelectors = List.copyOf(insightSelectors);
        tags = Map.copyOf(tags);
        requireNonNull(created, "created is null");
    }

    /** Returns the trail's ARN, {@code arn:aws:cloudtrail:<homeRegion>:<account>:trail/<name>}. */
    public String arn() {
        return "arn:aws:cloudtrail:" + homeRegion + ":" + accountId + ":trail/" + name;
    }

    /** Returns whether the trail collects events of {@code region}. */
    public boolean coversRegion(String region) {
        return multiRegion || homeRegion.equals(region);
    }
}
