package dev.cairn.history;

import static java.util.Objects.requireNonNull;

import dev.cairn.event.AuditEvent;
import dev.cairn.event.CloudTrailJson;

/**
 * One event given to an {@link EventStore}: the parsed record, from which the store derives what it
 * finds the event by, and the record's JSON as it was journaled, which LookupEvents returns as
 * {@code CloudTrailEvent}.
 *
 * @param event the record
 * @param json the record as {@link CloudTrailJson#serialize} wrote it, UTF-8; not copied, so the caller
 *     must not change it
 */
public record StoredEvent(AuditEvent event, byte[] json) {

    public StoredEvent {
        requireNonNull(event, "event is null");
        requireNonNull(json, "json is null");
    }

    /** Returns the stored form of {@code event}, with its JSON written by {@link CloudTrailJson}. */
    public static StoredEvent of(AuditEvent event) {
        requireNonNull(event, "event is null");
        return new StoredEvent(event, CloudTrailJson.serialize(event));
    }

    /** Names the event without its content, which may be sensitive. */
    @Override
    public String toString() {
        return "StoredEvent[" + event + ", " + json.length + " bytes]";
    }
}
