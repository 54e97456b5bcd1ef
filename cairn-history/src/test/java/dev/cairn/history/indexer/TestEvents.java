package dev.cairn.history.indexer;

import dev.cairn.event.AuditEvent;
import dev.cairn.event.CloudTrailJson;
import dev.cairn.event.UserIdentity;
import dev.cairn.history.HistoryFields;
import dev.cairn.history.LookupAttribute;
import dev.cairn.history.LookupAttributeKey;
import dev.cairn.history.LookupQuery;
import dev.cairn.journal.Journal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Events and queries for the indexer tests. */
final class TestEvents {

    static final String ACCOUNT = "111122223333";
    static final String REGION = "us-east-1";

    private TestEvents() {}

    /** A management event: alice calls IAM ListUsers. */
    static AuditEvent.Builder management(String eventId, Instant time) {
        return AuditEvent.builder()
                .userIdentity(UserIdentity.builder()
                        .type("IAMUser")
                        .principalId("AIDAALICE")
                        .arn("arn:aws:iam::" + ACCOUNT + ":user/alice")
                        .accountId(ACCOUNT)
                        .accessKeyId("AKIAALICE00000000000")
                        .userName("alice")
                        .build())
                .eventTime(time)
                .eventSource("iam.amazonaws.com")
                .eventName("ListUsers")
                .awsRegion(REGION)
                .sourceIPAddress("203.0.113.7")
                .eventID(eventId)
                .readOnly(true)
                .eventType("AwsApiCall")
                .managementEvent(true)
                .recipientAccountId(ACCOUNT)
                .eventCategory("Management");
    }

    /** A data event: an S3 GetObject, which event history leaves out. */
    static AuditEvent data(String eventId, Instant time) {
        return management(eventId, time)
                .eventSource("s3.amazonaws.com")
                .eventName("GetObject")
                .managementEvent(false)
                .eventCategory("Data")
                .build();
    }

    /** Journals {@code event} under its account, as the recorder does. */
    static void journal(Journal journal, AuditEvent event) {
        String account = event.recipientAccountId();
        journal.append(account == null ? "" : account, CloudTrailJson.serialize(event));
    }

    static LookupQuery everything(Instant from, Instant to) {
        return new LookupQuery(ACCOUNT, REGION, null, from, to, false, LookupQuery.MAX_RESULTS, null);
    }

    static LookupQuery byEventId(AuditEvent event) {
        String account = HistoryFields.accountId(event);
        return new LookupQuery(
                account == null ? "" : account,
                event.awsRegion(),
                new LookupAttribute(LookupAttributeKey.EventId, event.eventID()),
                event.eventTime(),
                event.eventTime(),
                HistoryFields.isInsight(event),
                50,
                null);
    }

    /** The lines of the CloudTrail corpus: 658 real records. */
    static List<String> corpus() {
        try (InputStream in = TestEvents.class.getResourceAsStream("/corpus/cloudtrail-events.jsonl")) {
            if (in == null) {
                throw new IllegalStateException("corpus/cloudtrail-events.jsonl is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
