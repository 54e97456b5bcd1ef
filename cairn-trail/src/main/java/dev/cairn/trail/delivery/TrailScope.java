package dev.cairn.trail.delivery;

import dev.cairn.event.AuditEvent;
import dev.cairn.event.RawJson;
import dev.cairn.trail.Trail;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Whether an event falls within a trail's reach, before its selectors are asked: the trail's account, a
 * region the trail covers, and global service events only when the trail includes them; and which events
 * switch the trail's logging on and off.
 *
 * <p>Notes: whether the trail was logging is decided by the journal, not by the trail's stored state. The
 * journal holds the trail's own successful StartLogging and StopLogging calls in order with every other
 * event, so an event is delivered when it was journaled after a StartLogging of the trail and not after
 * its StopLogging, whenever it is read: a backlog read after the trail was stopped and started again is
 * judged by the windows it was journaled in. (The stored state cannot do this: it keeps only the last
 * start and stop, and a call's event is journaled just before its change is committed.) The StartLogging
 * and StopLogging events themselves are delivered, as AWS's last digest covers "log files up to and
 * including the StopLogging event". A DeleteTrail of the trail ends logging too.
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
    private static final String CLOUDTRAIL = "cloudtrail.amazonaws.com";

    private TrailScope() {}

    /**
     * Returns whether {@code event}, appended under {@code partitionKey} (its account), is one the trail
     * would deliver while logging if its selectors select it.
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
        return trail.includeGlobalServiceEvents() || !isGlobal(event);
    }

    static boolean isGlobal(AuditEvent event) {
        String source = event.eventSource();
        return source != null && GLOBAL_REGION.equals(event.awsRegion()) && GLOBAL_SOURCES.contains(source);
    }

    /**
     * Returns {@code TRUE} when {@code event} is a successful StartLogging of the trail, {@code FALSE} when
     * it is a successful StopLogging or DeleteTrail of it, and null for any other event.
     */
    static @Nullable Boolean switchesLogging(Trail trail, AuditEvent event, String partitionKey) {
        String name = event.eventName();
        if (name == null
                || !CLOUDTRAIL.equals(event.eventSource())
                || event.errorCode() != null
                || !(name.equals("StartLogging") || name.equals("StopLogging") || name.equals("DeleteTrail"))) {
            return null;
        }
        String account = event.recipientAccountId();
        if (!trail.accountId().equals(account == null ? partitionKey : account)) {
            return null;
        }
        RawJson parameters = event.requestParameters();
        if (parameters == null || parameters.isNull()) {
            return null;
        }
        String json = parameters.json();
        boolean byArn = json.contains("\"name\":\"" + trail.arn() + "\"");
        boolean byName = json.contains("\"name\":\"" + trail.name() + "\"")
                && trail.homeRegion().equals(event.awsRegion());
        if (!byArn && !byName) {
            return null;
        }
        return name.equals("StartLogging");
    }
}
