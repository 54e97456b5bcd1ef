package dev.cairn.cli.validate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.protocol.http.Headers;
import dev.cairn.protocol.sigv4.SigV4Signer;
import dev.cairn.protocol.sigv4.SignedRequest;
import dev.cairn.protocol.sigv4.SigningCredentials;
import dev.cairn.signing.PublicKeyInfo;
import dev.cairn.time.Clock;
import dev.cairn.trail.validation.ValidationException;
import java.io.IOException;
import java.math.BigDecimal;
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
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The two CloudTrail calls validate-logs makes, over HTTP as an AWS SDK makes them (JSON 1.1, SigV4 for
 * service {@code cloudtrail}): DescribeTrails, to find a trail's bucket and prefix, and ListPublicKeys. A call
 * that fails ends the validation with the aws CLI's wording: {@code An error occurred (Code) when calling the
 * Operation operation: message}.
 */
final class CloudTrailApi {

    static final String TARGET_PREFIX = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    /** Sends one signed request and returns the answer; the seam that tests replace. */
    interface Transport {
        Answer send(URI uri, SignedRequest request) throws IOException, InterruptedException;
    }

    /** One HTTP answer: its status, the {@code x-amzn-ErrorType} header if any, and its body. */
    record Answer(int status, @Nullable String errorType, byte[] body) {}

    /** What DescribeTrails says of a trail: where it delivers and whether it is an organization trail. */
    record TrailInfo(String bucket, @Nullable String prefix, boolean organization) {}

    private final URI endpoint;
    private final SigningCredentials credentials;
    private final Transport transport;
    private final Clock clock;
    private final String userAgent;

    CloudTrailApi(URI endpoint, SigningCredentials credentials, Transport transport, Clock clock, String userAgent) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.transport = requireNonNull(transport, "transport is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.userAgent = requireNonNull(userAgent, "userAgent is null");
    }

    /** Returns a client of {@code endpoint} over java.net.http. */
    static CloudTrailApi http(URI endpoint, SigningCredentials credentials, Clock clock, String userAgent) {
        return new CloudTrailApi(endpoint, credentials, httpTransport(), clock, userAgent);
    }

    /**
     * Calls DescribeTrails with an empty request in {@code region}, as validate-logs does (so shadow trails are
     * included), and returns the trail whose {@code TrailARN} is {@code trailArn}.
     */
    Optional<TrailInfo> describeTrail(String region, String trailArn) {
        JsonNode answer = call("DescribeTrails", region, JSON.createObjectNode());
        for (JsonNode trail : answer.path("trailList")) {
            if (trailArn.equals(trail.path("TrailARN").asText(null))) {
                JsonNode bucket = trail.get("S3BucketName");
                if (bucket == null || !bucket.isTextual()) {
                    throw new ValidationException(
                            "DescribeTrails answered trail " + trailArn + " without S3BucketName");
                }
                JsonNode prefix = trail.get("S3KeyPrefix");
                return Optional.of(new TrailInfo(
                        bucket.asText(),
                        prefix == null || prefix.isNull() ? null : prefix.asText(),
                        trail.path("IsOrganizationTrail").asBoolean(false)));
            }
        }
        return Optional.empty();
    }

    /** Calls ListPublicKeys in {@code region} for {@code [from, to]}, in epoch seconds as the aws CLI sends them. */
    List<PublicKeyInfo> listPublicKeys(String region, Instant from, Instant to) {
        ObjectNode body = JSON.createObjectNode();
        body.put("StartTime", from.getEpochSecond());
        body.put("EndTime", to.getEpochSecond());
        JsonNode answer = call("ListPublicKeys", region, body);
        List<PublicKeyInfo> keys = new ArrayList<>();
        for (JsonNode key : answer.path("PublicKeyList")) {
            byte[] der;
            try {
                der = Base64.getDecoder().decode(key.path("Value").asText(""));
            } catch (IllegalArgumentException e) {
                der = new byte[0]; // validate-logs then reports "Unable to load PKCS #1 key"
            }
            keys.add(new PublicKeyInfo(
                    der,
                    time(key.get("ValidityStartTime"), Instant.EPOCH),
                    time(key.get("ValidityEndTime"), Instant.MAX),
                    key.path("Fingerprint").asText("")));
        }
        return keys;
    }

    private JsonNode call(String operation, String region, ObjectNode input) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(input);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a " + operation + " request", e);
        }
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        Headers headers = new Headers()
                .set("host", hostHeader(endpoint))
                .set("content-type", CONTENT_TYPE)
                .set("x-amz-target", TARGET_PREFIX + operation)
                .set("user-agent", userAgent);
        SignedRequest signed = new SigV4Signer(credentials, region, "cloudtrail")
                .sign(new SignedRequest("POST", path, null, headers, body), clock.now());
        Answer answer;
        try {
            answer = transport.send(endpoint.resolve(path), signed);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ValidationException("Could not connect to the endpoint URL: \"" + endpoint + "\"", e);
        } catch (IOException e) {
            throw new ValidationException(
                    "An error occurred when calling the " + operation + " operation at " + endpoint + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ValidationException("interrupted while calling " + operation, e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(answer.body());
        } catch (IOException e) {
            root = null;
        }
        if (answer.status() / 100 != 2) {
            throw new ValidationException("An error occurred (" + errorCode(answer, root) + ") when calling the "
                    + operation + " operation: " + errorMessage(answer, root));
        }
        if (root == null || !root.isObject()) {
            throw new ValidationException("The " + operation + " answer of " + endpoint + " is not a JSON object");
        }
        return root;
    }

    private static String errorCode(Answer answer, @Nullable JsonNode root) {
        String code =
                root != null && root.hasNonNull("__type") ? root.get("__type").asText() : answer.errorType();
        if (code == null || code.isBlank()) {
            return "HTTP" + answer.status();
        }
        code = code.substring(code.lastIndexOf('#') + 1);
        int colon = code.indexOf(':');
        return colon > 0 ? code.substring(0, colon) : code;
    }

    private static String errorMessage(Answer answer, @Nullable JsonNode root) {
        if (root != null && root.hasNonNull("message")) {
            return root.get("message").asText();
        }
        if (root != null && root.hasNonNull("Message")) {
            return root.get("Message").asText();
        }
        String raw = new String(answer.body(), UTF_8).strip();
        return raw.isEmpty() ? "Unknown" : raw.length() > 300 ? raw.substring(0, 300) + "…" : raw;
    }

    /** Reads a timestamp of a JSON 1.1 answer: epoch seconds (maybe with a fraction) or ISO-8601. */
    private static Instant time(@Nullable JsonNode node, Instant otherwise) {
        if (node != null && node.isNumber()) {
            BigDecimal seconds = node.decimalValue();
            return Instant.ofEpochSecond(
                    seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        if (node != null && node.isTextual()) {
            try {
                return Instant.parse(node.asText());
            } catch (DateTimeParseException e) {
                return otherwise;
            }
        }
        return otherwise;
    }

    /** The Host header java.net.http sends for {@code uri}: the port only when it is not the scheme's default. */
    static String hostHeader(URI uri) {
        String host = uri.getHost();
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
