package dev.cairn.history;

import static java.util.Objects.requireNonNull;

import dev.cairn.event.AuditEvent;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One event as an {@link EventStore} indexes it: the fields it is found by and shown with, as
 * {@link HistoryFields} derives them from its record, and the record's JSON as journaled. The lighter
 * input of {@link EventStore#appendRecords}, for a consumer that reads these fields from the JSON without
 * parsing all of it; {@link #of(StoredEvent)} derives them from a parsed record.
 *
 * <p>The fields must be the ones {@link HistoryFields} derives from {@code json}: a store may index the
 * fields without reading the JSON, or read the JSON and ignore the fields.
 *
 * @param eventId {@code eventID}
 * @param eventTime {@code eventTime}, whole seconds
 * @param accountId {@link HistoryFields#accountId}, or empty when the record names no account
 * @param awsRegion {@code awsRegion}
 * @param insight {@link HistoryFields#isInsight}
 * @param eventName {@link HistoryFields#eventName}
 * @param readOnly {@link HistoryFields#readOnly}
 * @param accessKeyId {@link HistoryFields#accessKeyId}
 * @param eventSource {@link HistoryFields#eventSource}
 * @param username {@link HistoryFields#username}
 * @param resources {@link HistoryFields#resources}
 * @param json the record as journaled, UTF-8; not copied, so the caller must not change it
 */
public record HistoryRecord(
        String eventId,
        Instant eventTime,
        String accountId,
        String awsRegion,
        boolean insight,
        String eventName,
        @Nullable String readOnly,
        @Nullable String accessKeyId,
        String eventSource,
        @Nullable String username,
        List<HistoryResource> resources,
        byte[] json) {

    public HistoryRecord {
        requireNonNull(eventId, "eventId is null");
        requireNonNull(eventTime, "eventTime is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(awsRegion, "awsRegion is null");
        requireNonNull(eventName, "eventName is null");
        requireNonNull(eventSource, "eventSource is null");
        resources = List.copyOf(requireNonNull(resources, "resources is null"));
        requireNonNull(json, "json is null");
    }

    /** Returns {@code stored} with its fields derived by {@link HistoryFields}. */
    public static HistoryRecord of(StoredEvent stored) {
        requireNonNull(stored, "stored is null");
        AuditEvent event = stored.event();
        String account = HistoryFields.accountId(event);
        return new HistoryRecord(
                event.eventID(),
                event.eventTime(),
                account == null ? "" : account,
                event.awsRegion(),
                HistoryFields.isInsight(event),
                HistoryFields.eventName(event),
                HistoryFields.readOnly(event),
                HistoryFields.accessKeyId(event),
                HistoryFields.eventSource(event),
                HistoryFields.username(event),
                HistoryFields.resources(event),
                stored.json());
    }

    /** Returns the fields LookupEvents shows for this event, with {@code text} as its record. */
    public HistoryEvent shown(RecordText text) {
        return new HistoryEvent(
                eventId, eventName, readOnly, accessKeyId, eventTime, eventSource, username, resources, text);
    }

    /** Names the event without its content, which may be sensitive. */
    @Override
    public String toString() {
        return "HistoryRecord[" + eventId + ", " + eventTime + ", " + eventSource + " " + eventName + ", " + json.length
                + " bytes]";
    }
}
