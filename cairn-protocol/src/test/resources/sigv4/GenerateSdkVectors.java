import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Writes sdk-vectors.json: requests signed by the AWS SDK for Java v2's AwsV4HttpSigner, for SigV4VerifierTest.
 *
 * <p>The SDK cannot be a test dependency of cairn-protocol (the build bans the AWS SDK from domain modules), so
 * the vectors are generated here, outside Maven, and committed. Run from this directory with JDK 21+:
 *
 * <pre>
 * R=~/.m2/repository; S=$R/software/amazon/awssdk; V=2.40.2
 * CP=$(for a in http-auth-aws http-auth-spi identity-spi http-client-spi metrics-spi utils annotations \
 *      checksums checksums-spi; do printf '%s:' $S/$a/$V/$a-$V.jar; done)
 * CP=$CP$R/org/reactivestreams/reactive-streams/1.0.4/reactive-streams-1.0.4.jar:$R/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar
 * java -cp "$CP" GenerateSdkVectors.java sdk-vectors.json
 * </pre>
 *
 * <p>The signer gets the request as the SDK's HTTP pipeline hands it over: an encoded path, raw (decoded) query
 * parameters, and a Host header, which the SDK adds before signing. The wire form recorded is what the SDK's
 * HTTP client would send: the signed request's encoded path and query, its headers, and the payload.
 */
public class GenerateSdkVectors {
    static final String ACCESS_KEY_ID = "AKIDEXAMPLE";
    static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final String SESSION_TOKEN =
            "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token/with+odd=chars";
    static final Instant SIGNED_AT = Instant.parse("2026-01-15T12:34:56Z");
    static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    record Spec(
            String name,
            String description,
            String service,
            String region,
            SdkHttpRequest request,
            byte[] body,
            String token,
            Duration expires,
            Consumer<SignRequest.Builder<AwsCredentialsIdentity>> extra) {}

    public static void main(String[] args) throws IOException {
        List<Spec> specs = new ArrayList<>();
        specs.add(new Spec(
                "sts-get-caller-identity",
                "STS query-protocol POST, signed payload",
                "sts",
                "us-east-1",
                request(SdkHttpMethod.POST, "sts.us-east-1.amazonaws.com", "/")
                        .putHeader("Content-Type", FORM)
                        .build(),
                utf8("Action=GetCallerIdentity&Version=2011-06-15"),
                null,
                null,
                b -> b.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)));
        specs.add(new Spec(
                "sts-unsigned-payload",
                "STS POST with payload signing off, so x-amz-content-sha256 is UNSIGNED-PAYLOAD",
                "sts",
                "us-east-1",
                request(SdkHttpMethod.POST, "sts.us-east-1.amazonaws.com", "/")
                        .putHeader("Content-Type", FORM)
                        .build(),
                utf8("Action=GetCallerIdentity&Version=2011-06-15"),
                null,
                null,
                b -> b.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)));
        specs.add(new Spec(
                "sts-with-session-token",
                "STS POST signed with temporary credentials",
                "sts",
                "eu-west-1",
                request(SdkHttpMethod.POST, "sts.eu-west-1.amazonaws.com", "/")
                        .putHeader("Content-Type", FORM)
                        .build(),
                utf8("Action=GetCallerIdentity&Version=2011-06-15"),
                SESSION_TOKEN,
                null,
                b -> b.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)));
        specs.add(new Spec(
                "json11-put-log-events",
                "JSON 1.1 POST with X-Amz-Target, a User-Agent (not signed by the SDK) and a non-ASCII body",
                "logs",
                "us-west-2",
                request(SdkHttpMethod.POST, "logs.us-west-2.amazonaws.com", "/")
                        .putHeader("X-Amz-Target", "Logs_20140328.PutLogEvents")
                        .putHeader("Content-Type", "application/x-amz-json-1.1")
                        .putHeader("User-Agent", "aws-sdk-java/2.40.2")
                        .build(),
                utf8("{\"logGroupName\":\"g\",\"logEvents\":[{\"timestamp\":1,\"message\":\"h\u00e9llo \u2603\"}]}"),
                null,
                null,
                b -> b.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)));
        specs.add(new Spec(
                "get-tricky-query",
                "GET with repeated names, empty values, spaces, '+', unicode, reserved characters and '~'",
                "execute-api",
                "us-east-1",
                request(SdkHttpMethod.GET, "abc123.execute-api.us-east-1.amazonaws.com", "/prod/items")
                        .putRawQueryParameter("b", "2")
                        .putRawQueryParameter("a", List.of("1", "0"))
                        .putRawQueryParameter("empty", "")
                        .putRawQueryParameter("space", "a b")
                        .putRawQueryParameter("plus", "a+b")
                        .putRawQueryParameter("utf", "\u00e9\u2603")
                        .putRawQueryParameter("reserved", "!*'():@/?=&")
                        .putRawQueryParameter("tilde", "~x")
                        .putRawQueryParameter("Z", "upper")
                        .putRawQueryParameter("a-b", "x")
                        .build(),
                new byte[0],
                null,
                null,
                b -> {}));
        specs.add(new Spec(
                "get-path-with-spaces-unicode-dots-and-double-slashes",
                "GET on an encoded path with spaces, unicode, '.', '..' and '//': normalised, then encoded again",
                "execute-api",
                "us-east-1",
                request(
                                SdkHttpMethod.GET,
                                "abc123.execute-api.us-east-1.amazonaws.com",
                                "/prod/a%20b/%C3%BCber/./c/../d//e%2Ff/x:y@z=1+2/")
                        .build(),
                new byte[0],
                null,
                null,
                b -> {}));
        specs.add(new Spec(
                "repeated-and-padded-headers",
                "A repeated header field and padded values",
                "execute-api",
                "us-east-1",
                request(SdkHttpMethod.POST, "abc123.execute-api.us-east-1.amazonaws.com", "/prod/")
                        .putHeader("X-Custom", List.of("  first   value ", "second\tvalue"))
                        .putHeader("X-Amz-Meta-Note", "a  b   c")
                        .putHeader("Content-Type", "text/plain")
                        .build(),
                utf8("hello"),
                null,
                null,
                b -> b.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)));
        specs.add(new Spec(
                "host-with-port",
                "Plain HTTP to a non-default port, as against a local Cairn",
                "sts",
                "us-east-1",
                SdkHttpRequest.builder()
                        .method(SdkHttpMethod.POST)
                        .protocol("http")
                        .host("localhost")
                        .port(4566)
                        .encodedPath("/")
                        .putHeader("Host", "localhost:4566")
                        .putHeader("Content-Type", FORM)
                        .build(),
                utf8("Action=GetCallerIdentity&Version=2011-06-15"),
                null,
                null,
                b -> {}));
        specs.add(new Spec(
                "presigned-sts-get-caller-identity",
                "Presigned STS GetCallerIdentity with an extra signed header",
                "sts",
                "us-east-1",
                request(SdkHttpMethod.GET, "sts.us-east-1.amazonaws.com", "/")
                        .putRawQueryParameter("Action", "GetCallerIdentity")
                        .putRawQueryParameter("Version", "2011-06-15")
                        .putHeader("x-k8s-aws-id", "my-cluster")
                        .build(),
                null,
                null,
                Duration.ofSeconds(60),
                b -> {}));
        specs.add(new Spec(
                "presigned-with-session-token",
                "Presigned request with temporary credentials",
                "sts",
                "us-east-1",
                request(SdkHttpMethod.GET, "sts.us-east-1.amazonaws.com", "/")
                        .putRawQueryParameter("Action", "GetCallerIdentity")
                        .putRawQueryParameter("Version", "2011-06-15")
                        .build(),
                null,
                SESSION_TOKEN,
                Duration.ofMinutes(15),
                b -> {}));
        specs.add(new Spec(
                "presigned-s3-get-object",
                "Presigned S3 GET: single-encoded path, no normalisation",
                "s3",
                "us-east-1",
                request(SdkHttpMethod.GET, "examplebucket.s3.amazonaws.com", "/photos/2026/some%20file%2Bname%3D1.jpg")
                        .build(),
                null,
                null,
                Duration.ofHours(1),
                b -> b.putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)));
        specs.add(new Spec(
                "s3-put-unsigned-payload",
                "S3 PUT with payload signing off (UNSIGNED-PAYLOAD) on a path with '//' and '.' that S3 keeps",
                "s3",
                "us-east-1",
                request(
                                SdkHttpMethod.PUT,
                                "examplebucket.s3.us-east-1.amazonaws.com",
                                "/dir//./some%20key%2Bwith%2520odd.txt")
                        .putHeader("Content-Type", "text/plain")
                        .build(),
                utf8("hello world"),
                null,
                null,
                b -> b.putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)));
        specs.add(new Spec(
                "s3-put-signed-payload",
                "S3 PUT whose x-amz-content-sha256 is the hex SHA-256 of the body",
                "s3",
                "us-east-1",
                request(SdkHttpMethod.PUT, "examplebucket.s3.us-east-1.amazonaws.com", "/key.txt")
                        .putHeader("Content-Type", "text/plain")
                        .build(),
                utf8("hello world"),
                null,
                null,
                b -> b.putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)));

        StringBuilder json = new StringBuilder();
        json.append("{\n  \"generator\": \"aws-sdk-java-v2 AwsV4HttpSigner 2.40.2\",\n");
        json.append("  \"accessKeyId\": ").append(q(ACCESS_KEY_ID)).append(",\n");
        json.append("  \"secretAccessKey\": ").append(q(SECRET_ACCESS_KEY)).append(",\n");
        json.append("  \"signedAt\": ").append(q(SIGNED_AT.toString())).append(",\n");
        json.append("  \"vectors\": [\n");
        for (int i = 0; i < specs.size(); i++) {
            json.append(sign(specs.get(i))).append(i + 1 < specs.size() ? ",\n" : "\n");
        }
        json.append("  ]\n}\n");
        Files.writeString(Path.of(args.length > 0 ? args[0] : "sdk-vectors.json"), json, StandardCharsets.UTF_8);
    }

    static SdkHttpRequest.Builder request(SdkHttpMethod method, String host, String encodedPath) {
        return SdkHttpRequest.builder()
                .method(method)
                .protocol("https")
                .host(host)
                .encodedPath(encodedPath)
                .putHeader("Host", host);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String sign(Spec spec) throws IOException {
        AwsCredentialsIdentity identity = spec.token() == null
                ? AwsCredentialsIdentity.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
                : AwsSessionCredentialsIdentity.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY, spec.token());
        SignedRequest signed = AwsV4HttpSigner.create().sign(b -> {
            b.identity(identity)
                    .request(spec.request())
                    .putProperty(AwsV4HttpSigner.REGION_NAME, spec.region())
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, spec.service())
                    .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
            if (spec.body() != null) {
                b.payload(ContentStreamProvider.fromByteArray(spec.body()));
            }
            if (spec.expires() != null) {
                b.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, spec.expires());
            }
            @SuppressWarnings("unchecked")
            SignRequest.Builder<AwsCredentialsIdentity> cast = (SignRequest.Builder<AwsCredentialsIdentity>) b;
            spec.extra().accept(cast);
        });
        SdkHttpRequest wire = signed.request();
        String rawPath = wire.encodedPath().isEmpty() ? "/" : wire.encodedPath();
        String rawQuery = wire.getUri().getRawQuery();
        byte[] body = new byte[0];
        if (signed.payload().isPresent()) {
            try (InputStream in = signed.payload().get().newStream()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                body = out.toByteArray();
            }
        }
        String signature = null;
        String authorization = wire.firstMatchingHeader("Authorization").orElse(null);
        if (authorization != null) {
            signature = authorization.substring(authorization.indexOf("Signature=") + "Signature=".length());
        } else {
            signature = wire.firstMatchingRawQueryParameter("X-Amz-Signature").orElse(null);
        }
        StringBuilder headers = new StringBuilder("[");
        boolean first = true;
        for (Map.Entry<String, List<String>> e : wire.headers().entrySet()) {
            for (String v : e.getValue()) {
                headers.append(first ? "" : ", ").append('[').append(q(e.getKey())).append(", ").append(q(v)).append(']');
                first = false;
            }
        }
        headers.append(']');
        return "    {\n"
                + "      \"name\": " + q(spec.name()) + ",\n"
                + "      \"description\": " + q(spec.description()) + ",\n"
                + "      \"service\": " + q(spec.service()) + ",\n"
                + "      \"region\": " + q(spec.region()) + ",\n"
                + "      \"presigned\": " + (spec.expires() != null) + ",\n"
                + "      \"expiresSeconds\": " + (spec.expires() == null ? "null" : spec.expires().toSeconds()) + ",\n"
                + "      \"sessionToken\": " + q(spec.token()) + ",\n"
                + "      \"method\": " + q(wire.method().name()) + ",\n"
                + "      \"rawPath\": " + q(rawPath) + ",\n"
                + "      \"rawQuery\": " + q(rawQuery) + ",\n"
                + "      \"headers\": " + headers + ",\n"
                + "      \"bodyBase64\": " + q(Base64.getEncoder().encodeToString(body)) + ",\n"
                + "      \"canonicalRequest\": null,\n"
                + "      \"stringToSign\": null,\n"
                + "      \"signature\": " + q(signature) + "\n"
                + "    }";
    }

    static String q(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
