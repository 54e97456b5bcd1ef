package dev.cairn.server.cloudtrail;

import dev.cairn.selector.TrailSelectors;
import dev.cairn.trail.Trail;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A trail being changed: the members of a {@link Trail}, each settable, made into a new one by {@link #build}. */
final class TrailDraft {
    final String name;
    final String accountId;
    final String homeRegion;
    String s3BucketName;

    @Nullable
    String s3KeyPrefix;

    @Nullable
    String snsTopicName;

    boolean includeGlobalServiceEvents;
    boolean multiRegion;
    boolean logFileValidationEnabled;

    @Nullable
    String cloudWatchLogsLogGroupArn;

    @Nullable
    String cloudWatchLogsRoleArn;

    @Nullable
    String kmsKeyId;

    boolean organizationTrail;

    @Nullable
    TrailSelectors selectors;

    List<String> insightSelectors;
    Map<String, String> tags;
    boolean logging;

    @Nullable
    Instant startLoggingTime;

    @Nullable
    Instant stopLoggingTime;

    final Instant created;

    /** Starts a new trail with AWS's defaults: global service events on, single region, not logging. */
    TrailDraft(String name, String accountId, String homeRegion, String s3BucketName, Instant created) {
        this.name = name;
        this.accountId = accountId;
        this.homeRegion = homeRegion;
        this.s3BucketName = s3BucketName;
        this.includeGlobalServiceEvents = true;
        this.insightSelectors = List.of();
        this.tags = new LinkedHashMap<>();
        this.created = created;
    }

    TrailDraft(Trail t) {
        this.name = t.name();
        this.accountId = t.accountId();
        this.homeRegion = t.homeRegion();
        this.s3BucketName = t.s3BucketName();
        this.s3KeyPrefix = t.s3KeyPrefix();
        this.snsTopicName = t.snsTopicName();
        this.includeGlobalServiceEvents = t.includeGlobalServiceEvents();
        this.multiRegion = t.multiRegion();
        this.logFileValidationEnabled = t.logFileValidationEnabled();
        this.cloudWatchLogsLogGroupArn = t.cloudWatchLogsLogGroupArn();
        this.cloudWatchLogsRoleArn = t.cloudWatchLogsRoleArn();
        this.kmsKeyId = t.kmsKeyId();
        this.organizationTrail = t.organizationTrail();
        this.selectors = t.selectors();
        this.insightSelectors = t.insightSelectors();
        this.tags = new LinkedHashMap<>(t.tags());
        this.logging = t.logging();
        this.startLoggingTime = t.startLoggingTime();
        this.stopLoggingTime = t.stopLoggingTime();
        this.created = t.created();
    }

    Trail build() {
        return new Trail(
                name,
                accountId,
                homeRegion,
                s3BucketName,
                s3KeyPrefix,
                snsTopicName,
                includeGlobalServiceEvents,
                multiRegion,
                logFileValidationEnabled,
                cloudWatchLogsLogGroupArn,
                cloudWatchLogsRoleArn,
                kmsKeyId,
                organizationTrail,
                selectors,
                insightSelectors,
                tags,
                logging,
                startLoggingTime,
                stopLoggingTime,
                created);
    }
}
