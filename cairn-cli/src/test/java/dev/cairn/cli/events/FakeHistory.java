package dev.cairn.cli.events;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.aws.CloudTrailClient;
import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryFields;
import dev.cairn.history.HistoryResource;
import dev.cairn.history.LookupAttributeKey;
import dev.cairn.history.RecordText;
import dev.cairn.protocol.sigv4.SigV4Exception;
import dev.cairn.protocol.sigv4.SigV4Verifier;
import dev.cairn.protocol.sigv4.SignedRequest;
import dev.cairn.time.Clock;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A hand-written LookupEvents server for tests: it checks each request's SigV4 signature against one key,
 * answers from a list of events with LookupEvents' rules (one attribute, an inclusive time range, newest
 * first, pages with a NextToken), and can be told to fail the next calls first.
 */
final class FakeHistory implements CloudTrailClient.Transport {
    static final String KEY_ID = "AKIAFAKEHISTORY00001";
    static final String SECRET = "fake/secret+key/for/the/cli/tests0000000";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final List<HistoryEvent> events = new ArrayList<>();
    private final Clock clock;
    private final Deque<CloudTrailClient.Answer> failures = new ArrayDeque<>();
    final List<JsonNode> requests = new ArrayList<>();
    final List<SignedRequest> signedRequests = new ArrayList<>();

    FakeHistory(Clock clock) {
        this.clock = clock;
    }

    /** Adds an event; {@code fields} are top-level record members beside those derived from the event. */
    FakeHistory add(HistoryEvent event) {
        events.add(event);
        events.sort(Comparator.comparing(HistoryEvent::eventTime)
                .reversed()
                .thenComparing(HistoryEvent::eventId, Comparator.reverseOrder()));
        return this;
    }

    /** Makes the next call answer {@code status} with an error body of {@code code}. */
    FakeHistory failNext(int status, String code, String message) {
        String body = "{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}";
        failures.add(new CloudTrailClient.Answer(status, code, body.getBytes(UTF_8)));
        return this;
    }

    @Override
    public CloudTrailClient.Answer send(URI uri, SignedRequest request) throws IOException {
        signedRequests.add(request);
        SigV4Verifier verifier = new SigV4Verifier(clock);
        try {
            verifier.verify(request, verifier.parse(request), SECRET);
        } catch (SigV4Exception e) {
            return answer(403, "{\"__type\":\"InvalidSignatureException\",\"message\":\"" + e.failure() + "\"}");
        }
        if (!failures.isEmpty()) {
            return failures.poll();
        }
        JsonNode in = JSON.readTree(request.body());
        requests.add(in);
        List<HistoryEvent> matching = new ArrayList<>();
        JsonNode attributes = in.path("LookupAttributes");
        if (attributes.size() > 1) {
            return answer(400, "{\"__type\":\"InvalidLookupAttributesException\",\"message\":\"at most one\"}");
        }
        Instant start = in.has("StartTime") ? epoch(in.get("StartTime")) : Instant.MIN;
        Instant end = in.has("EndTime") ? epoch(in.get("EndTime")) : clock.now();
        for (HistoryEvent e : events) {
            if (e.eventTime().isBefore(start) || e.eventTime().isAfter(end)) {
                continue;
            }
            if (attributes.size() == 1) {
                LookupAttributeKey key = LookupAttributeKey.valueOf(
                        attributes.get(0).get("AttributeKey").asText());
                String value = attributes.get(0).get("AttributeValue").asText();
                if (!HistoryFields.values(e, key).contains(value)) {
                    continue;
                }
            }
            matching.add(e);
        }
        int from = in.has("NextToken") ? Integer.parseInt(in.get("NextToken").asText()) : 0;
        int size = in.path("MaxResults").asInt(50);
        int to = Math.min(matching.size(), from + size);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("Events");
        for (HistoryEvent e : matching.subList(from, to)) {
            list.add(shape(e));
        }
        if (to < matching.size()) {
            out.put("NextToken", Integer.toString(to));
        }
        return answer(200, JSON.writeValueAsString(out));
    }

    private static Instant epoch(JsonNode n) {
        BigDecimal seconds = n.decimalValue();
        return Instant.ofEpochMilli(seconds.movePointRight(3).longValueExact());
    }

    private static CloudTrailClient.Answer answer(int status, String body) {
        return new CloudTrailClient.Answer(status, null, body.getBytes(UTF_8));
    }

    /** The event as LookupEvents shapes it. */
    static ObjectNode shape(HistoryEvent e) {
        ObjectNode event = JSON.createObjectNode();
        event.put("EventId", e.eventId());
        event.put("EventName", e.eventName());
        if (e.readOnly() != null) {
            event.put("ReadOnly", e.readOnly());
        }
        if (e.accessKeyId() != null) {
            event.put("AccessKeyId", e.accessKeyId());
        }
        event.put("EventTime", e.eventTime().getEpochSecond());
        event.put("EventSource", e.eventSource());
        if (e.username() != null) {
            event.put("Username", e.username());
        }
        ArrayNode resources = event.putArray("Resources");
        for (HistoryResource r : e.resources()) {
            ObjectNode resource = resources.addObject();
            if (r.resourceType() != null) {
                resource.put("ResourceType", r.resourceType());
            }
            resource.put("ResourceName", r.resourceName());
        }
        event.put("CloudTrailEvent", e.cloudTrailEvent());
        return event;
    }

    /**
     * Returns an IAM-like event at {@code time}: {@code user} called {@code name}; the record carries the
     * fields the CSV takes from it, and {@code extra} top-level members.
     */
    static HistoryEvent event(
            String id,
            Instant time,
            String name,
            String source,
            String user,
            boolean readOnly,
            List<HistoryResource> resources,
            Map<String, String> extra) {
        ObjectNode record = JSON.createObjectNode();
        record.put("eventVersion", "1.11");
        record.put("eventTime", time.toString());
        record.put("eventSource", source);
        record.put("eventName", name);
        record.put("awsRegion", "us-east-1");
        record.put("sourceIPAddress", "127.0.0.1");
        record.put("userAgent", "aws-sdk-java/2.40.2 md/io#sync");
        extra.forEach(record::put);
        record.put("requestID", "req-" + id);
        record.put("eventID", id);
        record.put("readOnly", readOnly);
        try {
            return new HistoryEvent(
                    id,
                    name,
                    Boolean.toString(readOnly),
                    "AKIA" + user.toUpperCase(java.util.Locale.ROOT),
                    time,
                    source,
                    user,
                    resources,
                    RecordText.ofJson(JSON.writeValueAsString(record)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
