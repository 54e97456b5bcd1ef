package dev.cairn.server.cloudtrail;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.event.JsonStringLiteral;
import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryResource;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of a LookupEvents answer, {@code {"Events":[...],"NextToken":"..."}}, written byte by byte into
 * one array: each event's {@code CloudTrailEvent} is the string literal the store keeps, copied once.
 *
 * <p>Notes: a page is up to 50 records of a kilobyte or more. Through a Jackson generator each record was
 * copied into the generator's buffer and again into the output, beside the cost of the generator itself;
 * the members here are few and fixed, so they are written directly, strings escaped by {@link
 * JsonStringLiteral}.
 */
final class LookupEventsAnswer {

    private static final byte[] START = ascii("{\"Events\":[");
    private static final byte[] EVENT_ID = ascii("{\"EventId\":");
    private static final byte[] EVENT_NAME = ascii(",\"EventName\":");
    private static final byte[] READ_ONLY = ascii(",\"ReadOnly\":");
    private static final byte[] ACCESS_KEY_ID = ascii(",\"AccessKeyId\":");
    private static final byte[] EVENT_TIME = ascii(",\"EventTime\":");
    private static final byte[] EVENT_SOURCE = ascii(",\"EventSource\":");
    private static final byte[] USERNAME = ascii(",\"Username\":");
    private static final byte[] RESOURCES = ascii(",\"Resources\":[");
    private static final byte[] RESOURCE_TYPE = ascii("{\"ResourceType\":");
    private static final byte[] RESOURCE_NAME_AFTER_TYPE = ascii(",\"ResourceName\":");
    private static final byte[] RESOURCE_NAME = ascii("{\"ResourceName\":");
    private static final byte[] CLOUD_TRAIL_EVENT = ascii("],\"CloudTrailEvent\":");
    private static final byte[] NEXT_TOKEN = ascii("],\"NextToken\":");
    private static final byte[] END_EVENTS = ascii("]}");

    private byte[] out;
    private int at;

    private LookupEventsAnswer(int size) {
        out = new byte[size];
    }

    /** Returns the answer's body: {@code events} in their order, then {@code nextToken} when not null. */
    static byte[] of(List<HistoryEvent> events, @Nullable String nextToken) {
        int size = 64 + (nextToken == null ? 0 : nextToken.length() * 6 + 16);
        for (HistoryEvent event : events) {
            size += event.text().literalLength() + 320;
        }
        LookupEventsAnswer answer = new LookupEventsAnswer(size);
        answer.raw(START);
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                answer.put((byte) ',');
            }
            answer.event(events.get(i));
        }
        if (nextToken == null) {
            answer.raw(END_EVENTS);
        } else {
            answer.raw(NEXT_TOKEN);
            answer.string(nextToken);
            answer.put((byte) '}');
        }
        return answer.at == answer.out.length ? answer.out : Arrays.copyOf(answer.out, answer.at);
    }

    private void event(HistoryEvent e) {
        member(EVENT_ID, e.eventId());
        member(EVENT_NAME, e.eventName());
        member(READ_ONLY, e.readOnly());
        member(ACCESS_KEY_ID, e.accessKeyId());
        raw(EVENT_TIME);
        raw(Long.toString(e.eventTime().getEpochSecond()).getBytes(UTF_8));
        member(EVENT_SOURCE, e.eventSource());
        member(USERNAME, e.username());
        raw(RESOURCES);
        List<HistoryResource> resources = e.resources();
        for (int i = 0; i < resources.size(); i++) {
            HistoryResource r = resources.get(i);
            if (i > 0) {
                put((byte) ',');
            }
            if (r.resourceType() != null) {
                raw(RESOURCE_TYPE);
                string(r.resourceType());
                raw(RESOURCE_NAME_AFTER_TYPE);
            } else {
                raw(RESOURCE_NAME);
            }
            string(r.resourceName());
            put((byte) '}');
        }
        raw(CLOUD_TRAIL_EVENT);
        ensure(e.text().literalLength());
        at = e.text().copyLiteral(out, at);
        put((byte) '}');
    }

    /** Writes {@code name} (its opening bytes) and {@code value}; nothing when the value is null. */
    private void member(byte[] name, @Nullable String value) {
        if (value != null) {
            raw(name);
            string(value);
        }
    }

    private void string(String value) {
        byte[] utf8 = value.getBytes(UTF_8);
        ensure(JsonStringLiteral.maxQuotedLength(utf8.length));
        at = JsonStringLiteral.quoteInto(utf8, 0, utf8.length, out, at);
    }

    private void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, out, at, bytes.length);
        at += bytes.length;
    }

    private void put(byte b) {
        ensure(1);
        out[at++] = b;
    }

    private void ensure(int more) {
        if (at + more > out.length) {
            out = Arrays.copyOf(out, Math.max(at + more, out.length + (out.length >> 1)));
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(UTF_8);
    }
}
