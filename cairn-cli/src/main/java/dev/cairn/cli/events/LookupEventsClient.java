package dev.cairn.cli.events;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.aws.AwsErrorException;
import dev.cairn.cli.aws.CloudTrailClient;
import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryResource;
import dev.cairn.history.RecordText;
import dev.cairn.protocol.sigv4.SigningCredentials;
import dev.cairn.time.Clock;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A caller of CloudTrail's LookupEvents over HTTP in one region, through a {@link CloudTrailClient} (JSON 1.1,
 * SigV4, retries of throttling, 503s and dropped connections). It writes the request, reads the page, and
 * words the failures of the connection for {@code cairn events}.
 */
final class LookupEventsClient {
    static final String OPERATION = "LookupEvents";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CloudTrailClient cloudTrail;
    private final String region;

    LookupEventsClient(CloudTrailClient cloudTrail, String region) {
        this.cloudTrail = requireNonNull(cloudTrail, "cloudTrail is null");
        this.region = requireNonNull(region, "region is null");
    }

    LookupEventsClient(
            URI endpoint,
            String region,
            SigningCredentials credentials,
            CloudTrailClient.Transport transport,
            Clock clock,
            CloudTrailClient.Sleeper sleeper,
            String userAgent) {
        this(new CloudTrailClient(endpoint, credentials, transport, clock, sleeper, userAgent), region);
    }

    /** Returns a client that talks to {@code endpoint} with java.net.http and the system clock. */
    static LookupEventsClient http(URI endpoint, String region, SigningCredentials credentials, String userAgent) {
        return new LookupEventsClient(CloudTrailClient.http(endpoint, credentials, Clock.system(), userAgent), region);
    }

    /** Returns how many attempts were repeated so far, after throttling, a 503 or a dropped connection. */
    int retries() {
        return cloudTrail.retries();
    }

    /**
     * Calls LookupEvents once (with retries) and returns the page.
     *
     * @throws AwsErrorException when the server answers with an error that is not retried, or that persists
     * @throws IOException when the server cannot be reached, or its answer cannot be read
     */
    LookupPage lookup(LookupRequest request) throws AwsErrorException, IOException, InterruptedException {
        URI endpoint = cloudTrail.endpoint();
        byte[] answer;
        try {
            answer = cloudTrail.call(region, OPERATION, body(request));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            String why = e.getMessage() != null
                    ? e.getMessage()
                    : e instanceof ConnectException ? "connection refused" : "connect timed out";
            throw new IOException(
                    "cannot connect to " + endpoint + " (" + why + "); is `cairn serve` running there?", e);
        } catch (IOException e) {
            throw new IOException(
                    OPERATION + " at " + endpoint + " failed " + CloudTrailClient.MAX_ATTEMPTS + " times; last: "
                            + e.getMessage(),
                    e);
        }
        return page(answer);
    }

    // ---- request and answer ---------------------------------------------------------------------------------

    static ObjectNode body(LookupRequest request) {
        ObjectNode body = JSON.createObjectNode();
        if (request.attribute() != null) {
            ArrayNode attributes = body.putArray("LookupAttributes");
            ObjectNode attribute = attributes.addObject();
            attribute.put("AttributeKey", request.attribute().key().name());
            attribute.put("AttributeValue", request.attribute().value());
        }
        if (request.start() != null) {
            body.put("StartTime", epochSeconds(request.start()));
        }
        if (request.end() != null) {
            body.put("EndTime", epochSeconds(request.end()));
        }
        body.put("MaxResults", request.maxResults());
        if (request.nextToken() != null) {
            body.put("NextToken", request.nextToken());
        }
        return body;
    }

    /** Epoch seconds with millisecond precision, as the SDKs send timestamps in JSON 1.1. */
    private static BigDecimal epochSeconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli(), 3);
    }

    static LookupPage page(byte[] body) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IOException("the LookupEvents answer is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException("the LookupEvents answer is not a JSON object");
        }
        List<HistoryEvent> events = new ArrayList<>();
        JsonNode list = root.path("Events");
        if (!list.isMissingNode() && !list.isNull()) {
            if (!list.isArray()) {
                throw new IOException("the LookupEvents answer's Events is not a list");
            }
            for (JsonNode e : list) {
                events.add(event(e));
            }
        }
        JsonNode token = root.get("NextToken");
        return new LookupPage(events, token == null || token.isNull() ? null : token.asText());
    }

    /** Reads one item of {@code Events}. */
    static HistoryEvent event(JsonNode e) throws IOException {
        String id = text(e, "EventId");
        if (id == null) {
            throw new IOException("an event of the LookupEvents answer has no EventId");
        }
        List<HistoryResource> resources = new ArrayList<>();
        for (JsonNode r : e.path("Resources")) {
            String name = text(r, "ResourceName");
            if (name != null) {
                resources.add(new HistoryResource(text(r, "ResourceType"), name));
            }
        }
        String name = text(e, "EventName");
        String source = text(e, "EventSource");
        String record = text(e, "CloudTrailEvent");
        return new HistoryEvent(
                id,
                name == null ? "" : name,
                text(e, "ReadOnly"),
                text(e, "AccessKeyId"),
                eventTime(e.get("EventTime"), id),
                source == null ? "" : source,
                text(e, "Username"),
                resources,
                RecordText.ofJson(record == null ? "{}" : record));
    }

    private static Instant eventTime(@Nullable JsonNode node, String eventId) throws IOException {
        try {
            if (node != null && node.isNumber()) {
                return Instant.ofEpochMilli(node.decimalValue()
                        .movePointRight(3)
                        .setScale(0, RoundingMode.FLOOR)
                        .longValueExact());
            }
            if (node != null && node.isTextual()) {
                return Instant.parse(node.asText());
            }
        } catch (ArithmeticException | DateTimeParseException e) {
            // reported below
        }
        throw new IOException("event " + eventId + " of the LookupEvents answer has no readable EventTime: " + node);
    }

    private static @Nullable String text(JsonNode node, String member) {
        JsonNode v = node.get(member);
        return v == null || v.isNull() ? null : v.asText();
    }
}
