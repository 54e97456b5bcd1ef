package dev.cairn.cli.aws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.protocol.http.Headers;
import dev.cairn.protocol.sigv4.SigV4Signer;
import dev.cairn.protocol.sigv4.SignedRequest;
import dev.cairn.protocol.sigv4.SigningCredentials;
import dev.cairn.time.Clock;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * A caller of the CloudTrail API over HTTP, as an AWS SDK calls it: JSON 1.1 with the operation in {@code
 * X-Amz-Target}, signed with SigV4 for service {@code cloudtrail} in the region of the call, each attempt
 * signed afresh. Throttling and 503 answers, and connections dropped mid-call, are retried with exponential
 * backoff and jitter, up to {@value #MAX_ATTEMPTS} attempts; a refused connection is not, since it means no
 * server. Callers word the failures: a refused connection is thrown as it came, so that they can tell it apart.
 */
public final class CloudTrailClient {
    /** What {@code X-Amz-Target} holds before the operation's name. */
    public static final String TARGET_PREFIX = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";

    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    public static final int MAX_ATTEMPTS = 8;
    static final Duration BASE_DELAY = Duration.ofMillis(200);
    static final Duration MAX_DELAY = Duration.ofSeconds(5);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    /** Sends one signed request and returns the answer; the seam that tests replace. */
    public interface Transport {
        Answer send(URI uri, SignedRequest request) throws IOException, InterruptedException;
    }

    /** One HTTP answer: its status, the {@code x-amzn-ErrorType} header if any, and its body. */
    public record Answer(int status, @Nullable String errorType, byte[] body) {}

    /** Waits between attempts; the seam that keeps tests fast. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final URI endpoint;
    private final String path;
    private final String host;
    private final SigningCredentials credentials;
    private final Transport transport;
    private final Clock clock;
    private final Sleeper sleeper;
    private final String userAgent;
    private int retries;

    public CloudTrailClient(
            URI endpoint,
            SigningCredentials credentials,
            Transport transport,
            Clock clock,
            Sleeper sleeper,
            String userAgent) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        this.host = hostHeader(endpoint);
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.transport = requireNonNull(transport, "transport is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.userAgent = requireNonNull(userAgent, "userAgent is null");
    }

    /** Returns a client that talks to {@code endpoint} with java.net.http and waits with {@link Thread#sleep}. */
    public static CloudTrailClient http(URI endpoint, SigningCredentials credentials, Clock clock, String userAgent) {
        return new CloudTrailClient(endpoint, credentials, httpTransport(), clock, Thread::sleep, userAgent);
    }

    /** Returns the server this client calls. */
    public URI endpoint() {
        return endpoint;
    }

    /** Returns how many attempts were repeated so far, after throttling, a 503 or a dropped connection. */
    public int retries() {
        return retries;
    }

    /**
     * Calls {@code operation} in {@code region} with {@code input} as its body (with retries) and returns the
     * body of the successful answer.
     *
     * @throws AwsErrorException when the server answers with an error that is not retried, or that persists
     * @throws ConnectException when no server accepts the connection (as is, not retried); likewise
     *     {@link HttpConnectTimeoutException}
     * @throws IOException the last failure, when the connection failed on every attempt
     */
    public byte[] call(String region, String operation, JsonNode input)
            throws AwsErrorException, IOException, InterruptedException {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(input);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a " + operation + " request", e);
        }
        SigV4Signer signer = new SigV4Signer(credentials, region, "cloudtrail");
        for (int attempt = 1; ; attempt++) {
            Headers headers = new Headers()
                    .set("host", host)
                    .set("content-type", CONTENT_TYPE)
                    .set("x-amz-target", TARGET_PREFIX + operation)
                    .set("user-agent", userAgent);
            SignedRequest signed = signer.sign(new SignedRequest("POST", path, null, headers, body), clock.now());
            Answer answer;
            try {
                answer = transport.send(endpoint.resolve(path), signed);
            } catch (ConnectException | HttpConnectTimeoutException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                backOff(attempt);
                continue;
            }
            if (answer.status() / 100 == 2) {
                return answer.body();
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

    /**
     * Reads an error answer: the code from {@code __type} (or x-amzn-ErrorType, else {@code HTTP<status>}),
     * without namespace or suffix; the message from the body's {@code message} or {@code Message}, else the
     * body itself, else none.
     */
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
        code = code.substring(code.lastIndexOf('#') + 1);
        int colon = code.indexOf(':');
        if (colon > 0) {
            code = code.substring(0, colon);
        }
        if (message == null) {
            String raw = new String(answer.body(), UTF_8).strip();
            message = raw.isEmpty() ? null : raw.length() > 300 ? raw.substring(0, 300) + "…" : raw;
        }
        return new AwsErrorException(code, message, answer.status());
    }

    private static @Nullable String text(JsonNode node, String member) {
        JsonNode v = node.get(member);
        return v == null || v.isNull() ? null : v.asText();
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
