package dev.cairn.trail.delivery;

import dev.cairn.event.AuditEvent;
import dev.cairn.event.RawJson;
import dev.cairn.trail.Trail;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Whether an event falls within a trail's reach, before its selectors are asked: the trail's account, a
 * region the trail covers, global service events only when the trail includes them, and an event time
 * while the trail was logging.
 *
 * <p>Notes: the logging window is judged by event time against the trail's last start and stop, since
 * the trail stores only those. An event read late, after the trail was stopped and started again, is
 * judged by the newest window. The StopLogging call of the trail itself is delivered, as AWS's final
 * digest covers "log files up to and including the StopLogging event", though its event is stamped just
 * after the stop took effect. Event times have whole seconds, so the window is judged at that precision:
 * an event of the second in which logging started counts as logged, and so does one of the second in
 * which it stopped.
 */
final class TrailScope {

    /** Event sources whose events are global service events, recorded in us-east-1. */
    static final Set<String> GLOBAL_SOURCES = Set.of(
            "iam.amazonaws.com",
            "sts.amazonaws.com",
            "organizations.amazonaws.com",
            "cloudfront.amazonaws.com",
            "route53.amazonaws.com");

    private static final String GLOBAL_REGION = "us-east-1";

    private TrailScope() {}

    /**
     * Returns whether {@code event}, appended under {@code partitionKey} (its account), is one the trail
     * would deliver if its selectors select it.
     */
    static boolean covers(Trail trail, AuditEvent event, String partitionKey) {
        String account = event.recipientAccountId();
        if (!trail.accountId().equals(account == null ? partitionKey : account)) {
            return false;
        }
        String region = event.awsRegion();
        if (!trail.coversRegion(region)) {
            return false;
        }
        if (!trail.includeGlobalServiceEvents() && isGlobal(event)) {
            return false;
        }
        return duringLogging(trail, event);
    }

    static boolean isGlobal(AuditEvent event) {
        String source = event.eventSource();
        return source != null && GLOBAL_REGION.equals(event.awsRegion()) && GLOBAL_SOURCES.contains(source);
    }

    private static boolean duringLogging(Trail trail, AuditEvent event) {
        Instant start = trail.startLoggingTime();
        if (start == null) {
            return false;
        }
        Instant time = event.eventTime();
        if (time.isBefore(start.truncatedTo(ChronoUnit.SECONDS))) {
            return false;
        }
        Instant stop = trail.stopLoggingTime();
        if (trail.logging() || stop == null || stop.isBefore(start)) {
            return true;
        }
        return !time.isAfter(stop) || isStopLoggingOf(trail, event);
    }

    private static boolean isStopLoggingOf(Trail trail, AuditEvent event) {
        if (!"StopLogging".equals(event.eventName())
                || !"cloudtrail.amazonaws.com".equals(event.eventSource())
                || event.errorCode() != null) {
            return false;
        }
        @Nullable RawJson parameters = event.requestParameters();
        if (parameters == null) {
            return false;
        }
        String json = parameters.json();
        return json.contains("\"" + trail.name() + "\"") || json.contains("\"" + trail.arn() + "\"");
    }
}
