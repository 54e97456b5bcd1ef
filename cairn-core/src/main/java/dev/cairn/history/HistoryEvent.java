package dev.cairn.history;

import static java.util.Objects.requireNonNull;

import dev.cairn.event.AuditEvent;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One event as LookupEvents returns it: the members of its {@code Events} items, derived from the record
 * by {@link HistoryFields}, and the record itself.
 *
 * @param eventId {@code eventID}
 * @param eventName the API action ({@link HistoryFields#eventName}); empty when the record has none
 * @param readOnly {@code "true"} or {@code "false"}, a string as LookupEvents returns it, or null when the
 *     record does not say
 * @param accessKeyId the key that signed the call, or null when the record has none or an empty one
 * @param eventTime {@code eventTime}, whole seconds
 * @param eventSource the service ({@link HistoryFields#eventSource}); empty when the record has none
 * @param username {@link HistoryFields#username}
 * @param resources {@link HistoryFields#resources}
 * @param text the whole record, as journaled, which LookupEvents shows as {@code CloudTrailEvent}
 */
public record HistoryEvent(
        String eventId,
        String eventName,
        @Nullable String readOnly,
        @Nullable String accessKeyId,
        Instant eventTime,
        String eventSource,
        @Nullable String username,
        List<HistoryResource> resources,
        RecordText text) {

    public HistoryEvent {
        requireNonNull(eventId, "eventId is null");
        requireNonNull(eventName, "eventName is null");
        requireNonNull(eventTime, "eventTime is null");
        requireNonNull(eventSource, "eventSource is null");
        resources = List.copyOf(requireNonNull(resources, "resources is null"));
        requireNonNull(text, "text is null");
    }

    /** Returns {@code stored} as LookupEvents shows it. */
    public static HistoryEvent of(StoredEvent stored) {
        requireNonNull(stored, "stored is null");
        return of(stored.event(), RecordText.ofJson(stored.json()));
    }

    /** Returns {@code event} as LookupEvents shows it, with {@code text} as its record. */
    public static HistoryEvent of(AuditEvent event, RecordText text) {
        requireNonNull(event, "event is null");
        return new HistoryEvent(
                event.eventID(),
                HistoryFields.eventName(event),
                HistoryFields.readOnly(event),
                HistoryFields.accessKeyId(event),
                event.eventTime(),
                HistoryFields.eventSource(event),
                HistoryFields.username(event),
                HistoryFields.resources(event),
                text);
    }

    /** Returns the whole record, as journaled: LookupEvents' {@code CloudTrailEvent}. */
    public String cloudTrailEvent() {
        return text.string();
    }

    /** Names the event without its content, which may be sensitive. */
    @Override
    public String toString() {
        return "HistoryEvent[" + eventId + ", " + eventTime + ", " + eventSource + " " + eventName + "]";
    }
}
