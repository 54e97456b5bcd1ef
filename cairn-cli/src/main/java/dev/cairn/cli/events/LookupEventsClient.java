package dev.cairn.cli.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryResource;
import dev.cairn.protocol.http.Headers;
import dev.cairn.protocol.sigv4.SigV4Signer;
import dev.cairn.protocol.sigv4.SignedRequest;
import dev.cairn.protocol.sigv4.SigningCredentials;
import dev.cairn.time.Clock;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * A caller of CloudTrail's LookupEvents over HTTP, as an AWS SDK calls it: JSON 1.1 with the CloudTrail
 * target, signed with SigV4 for service {@code cloudtrail} in the chosen region, each attempt signed afresh.
 * Throttling and 503 answers, and connections dropped mid-call, are retried with exponential backoff and
 * jitter, up to {@value #MAX_ATTEMPTS} attempts; a refused connection is not, since it means no server.
 */
final class LookupEventsClient {
    static final String TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final int MAX_ATTEMPTS = 8;
    static final Duration BASE_DELAY = Duration.ofMillis(200);
    static final Duration MAX_DELAY = Duration.ofSeconds(5);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    /** Sends one signed request and returns the answer; the seam that tests replace. */
    interface Transport {
        Answer send(URI uri, SignedRequest request) throws IOException, InterruptedException;
    }

    /** One HTTP answer: its status, the {@code x-amzn-ErrorType} header if any, and its body. */
    record Answer(int status, @Nullable String errorType, byte[] body) {}

    /** Waits between attempts; the seam that keeps tests fast. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final URI endpoint;
    private final String host;
    private final SigV4Signer signer;
    private final Transport transport;
    private final Clock clock;
    private final Sleeper sleeper;
    private final String userAgent;
    private int retries;

    LookupEventsClient(
            URI endpoint,
            String region,
            SigningCredentials credentials,
            Transport transport,
            Clock clock,
            Sleeper sleeper,
            String userAgent) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.host = hostHeader(endpoint);
        this.signer = new SigV4Signer(credentials, region, "cloudtrail");
        this.transport = requireNonNull(transport, "transport is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.userAgent = requireNonNull(userAgent, "userAgent is null");
    }

    /** Returns a client that talks to {@code endpoint} with java.net.http and the system clock. */
    static LookupEventsClient http(URI endpoint, String region, SigningCredentials credentials, String userAgent) {
        return new LookupEventsClient(
                endpoint, region, credentials, httpTransport(), Clock.system(), d -> Thread.sleep(d), userAgent);
    }

    /** Returns how many attempts were repeated so far, after throttling, a 503 or a dropped connection. */
    int retries() {
        return retries;
    }

    /**
     * Calls LookupEvents once (with retries) and returns the page.
     *
     * @throws AwsErrorException when the server answers with an error that is not retried, or that persists
     * @throws IOException when the server cannot be reached, or its answer cannot be read
     */
    LookupPage lookup(LookupRequest request) throws AwsErrorException, IOException, InterruptedException {
        byte[] body = JSON.writeValueAsBytes(body(request));
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        for (int attempt = 1; ; attempt++) {
            Headers headers = new Headers()
                    .set("host", host)
                    .set("content-type", CONTENT_TYPE)
                    .set("x-amz-target", TARGET)
                    .set("user-agent", userAgent);
            SignedRequest signed = signer.sign(new SignedRequest("POST", path, null, headers, body), clock.now());
            Answer answer;
            try {
                answer = transport.send(endpoint.resolve(path), signed);
            } catch (ConnectException | HttpConnectTimeoutException e) {
                String why = e.getMessage() != null
                        ? e.getMessage()
                        : e instanceof ConnectException ? "connection refused" : "connect timed out";
                throw new IOException(
                        "cannot connect to " + endpoint + " (" + why + "); is `cairn serve` running there?", e);
            } catch (IOException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IOException(
                            "LookupEvents at " + endpoint + " failed " + attempt + " times; last: " + e.getMessage(),
                            e);
                }
                backOff(attempt);
                continue;
            }
            if (answer.status() / 100 == 2) {
                return page(answer.body());
            }
            AwsErrorException error = error(answer);
            if (!error.retryable() || attempt >= MAX_ATTEMPTS) {
                throw error;
            }
            backOff(attempt);
        }
    }

    private void backOff(int attempt) throws InterruptedException {
        retries++;
        sleeper.sleep(delay(attempt, ThreadLocalRandom.current().nextDouble()));
    }

    /**
     * The wait after failed attempt {@code attempt} (1 for the first): {@link #BASE_DELAY} doubled per attempt,
     * at most {@link #MAX_DELAY}, of which a random half is kept ("equal jitter") so that clients that were
     * throttled together do not come back together. {@code random} is in [0, 1).
     */
    static Duration delay(int attempt, double random) {
        long ceiling = Math.min(MAX_DELAY.toMillis(), BASE_DELAY.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ceiling / 2 + (long) (random * (ceiling / 2)));
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
                record == null ? "{}" : record);
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

    /** Reads an error answer: the code from {@code __type} (or x-amzn-ErrorType), the message from the body. */
    static AwsErrorException error(Answer answer) {
        String code = null;
        String message = null;
        try {
            JsonNode root = JSON.readTree(answer.body());
            if (root != null && root.isObject()) {
                code = text(root, "__type");
                message = text(root, "message");
                if (message == null) {
                    message = text(root, "Message");
                }
            }
        } catch (IOException e) {
            // not JSON: fall back to the header and the raw body
        }
        if (code == null) {
            code = answer.errorType();
        }
        if (code == null || code.isBlank()) {
            code = "HTTP" + answer.status();
        }
        int hash = code.lastIndexOf('#');
        code = code.substring(hash + 1);
        int colon = code.indexOf(':');
        if (colon > 0) {
            code = code.substring(0, colon);
        }
        if (message == null) {
            String raw = new String(answer.body(), UTF_8).strip();
            message = raw.isEmpty() ? "(no message)" : raw.length() > 300 ? raw.substring(0, 300) + "…" : raw;
        }
        return new AwsErrorException(code, message, answer.status());
    }

    /** The Host header java.net.http sends for {@code uri}: the port only when it is not the scheme's default. */
    static String hostHeader(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("endpoint " + uri + " has no host; give it as http://host:port");
        }
        int port = uri.getPort();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean defaultPort = port == -1 || (scheme.equals("https") ? port == 443 : port == 80);
        return defaultPort ? host : host + ":" + port;
    }

    private static Transport httpTransport() {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        return (uri, request) -> {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
            for (String name : request.headers().names()) {
                if (!RESTRICTED.contains(name)) {
                    for (String value : request.headers().all(name)) {
                        builder.header(name, value);
                    }
                }
            }
            HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(
                    response.statusCode(),
                    response.headers().firstValue("x-amzn-ErrorType").orElse(null),
                    response.body());
        };
    }
}
