package dev.cairn.it;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Raw HTTP/1.1 calls to a {@link CairnProcess}, unsigned or signed with the SDK's own SigV4 signer, for the
 * requests no SDK client would send: a skewed clock, a broken form body, an unknown action. Also small
 * readers for the XML and JSON error bodies, so the tests do not depend on a parser the server uses.
 */
final class RawHttp {
    static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
    static final String JSON_1_1 = "application/x-amz-json-1.1";
    static final String STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    static final String CLOUDTRAIL_TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";

    /** Headers java.net.http sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final CairnProcess server;

    RawHttp(CairnProcess server) {
        this.server = requireNonNull(server, "server is null");
    }

    /** Builds an unsigned POST to {@code /} with the given body and headers. */
    HttpRequest unsigned(String body, Map<String, String> headers) {
        HttpRequest.Builder out = HttpRequest.newBuilder(server.uri("/"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(out::header);
        return out.build();
    }

    /** Builds an unsigned form POST, as an unsigned query-protocol call. */
    HttpRequest unsignedForm(String body) {
        return unsigned(body, Map.of("Content-Type", FORM));
    }

    /** Builds a form POST to {@code /} signed for {@code service} in us-east-1 at the time {@code clock} shows. */
    HttpRequest signedForm(String service, String body, AwsCredentialsIdentity credentials, Clock clock) {
        return signed("POST", "/", service, body, Map.of("Content-Type", FORM), credentials, clock);
    }

    /** Builds a form POST signed now. */
    HttpRequest signedForm(String service, String body, AwsCredentialsIdentity credentials) {
        return signedForm(service, body, credentials, Clock.systemUTC());
    }

    /** Builds a JSON 1.1 POST with {@code X-Amz-Target: target}, signed now for {@code service}. */
    HttpRequest signedJson(String service, String target, String body, AwsCredentialsIdentity credentials) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", JSON_1_1);
        headers.put("X-Amz-Target", target);
        return signed("POST", "/", service, body, headers, credentials, Clock.systemUTC());
    }

    /** Signs a request with the SDK's SigV4 signer and turns it into a java.net.http request. */
    HttpRequest signed(
            String method,
            String path,
            String service,
            String body,
            Map<String, String> headers,
            AwsCredentialsIdentity credentials,
            Clock clock) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest.Builder request =
                SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(server.uri(path));
        headers.forEach(request::putHeader);
        SignedRequest signed = SIGNER.sign(r -> r.identity(credentials)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        URI uri = signed.request().getUri();
        HttpRequest.Builder out = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        bytes.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.request().forEachHeader((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> out.header(name, v));
            }
        });
        return out.build();
    }

    /**
     * Builds a presigned GET: the signature, credential and date in the query string ({@code X-Amz-Algorithm}
     * and friends), valid for {@code expiry}, as EKS tokens ({@code aws eks get-token}) carry it.
     */
    HttpRequest presignedGet(
            String pathAndQuery, String service, AwsCredentialsIdentity credentials, Duration expiry, Clock clock) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(server.uri(pathAndQuery))
                .build();
        SignedRequest signed = SIGNER.sign(r -> r.identity(credentials)
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(new byte[0]))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expiry)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        HttpRequest.Builder out = HttpRequest.newBuilder(signed.request().getUri())
                .timeout(Duration.ofSeconds(30))
                .GET();
        signed.request().forEachHeader((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> out.header(name, v));
            }
        });
        return out.build();
    }

    /** Sends a request and reads the whole answer as text. */
    HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed on " + server, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Sends a GET to a path of the server. */
    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(server.uri(path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
    }

    /** Sends an empty POST to a path of the server. */
    HttpResponse<String> post(String path) {
        return send(HttpRequest.newBuilder(server.uri(path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    /** Returns the text of the first {@code <element>} in an XML body, or null. */
    static @Nullable String xml(String body, String element) {
        Matcher m =
                Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(body);
        return m.find() ? unescapeXml(m.group(1)) : null;
    }

    /** Returns the string value of a top-level {@code "field"} in a flat JSON body, or null. */
    static @Nullable String json(String body, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
                .matcher(body);
        return m.find() ? m.group(1) : null;
    }

    private static String unescapeXml(String s) {
        return s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
    }
}
