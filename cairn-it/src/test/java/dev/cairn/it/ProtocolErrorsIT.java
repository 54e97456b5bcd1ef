package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The protocol edges: unknown actions and targets, broken and oversized bodies, request ids, the absence of
 * stack traces, open authentication, the reset endpoint, health and metrics.
 *
 * <p>Three servers: {@code strict} with the defaults, {@code open} with {@code --auth open}, and
 * {@code resettable} with {@code --auth open --allow-reset}.
 */
class ProtocolErrorsIT {
    private static final String GET_CALLER_IDENTITY = "Action=GetCallerIdentity&Version=2011-06-15";
    private static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;

    private static CairnProcess strict;
    private static CairnProcess open;
    private static CairnProcess resettable;
    private static RawHttp http;
    private static RawHttp openHttp;
    private static RawHttp resettableHttp;

    @BeforeAll
    static void startServers() {
        strict = CairnProcess.start("ProtocolErrorsIT-strict");
        open = CairnProcess.start("ProtocolErrorsIT-open", "--auth", "open");
        resettable = CairnProcess.start("ProtocolErrorsIT-resettable", "--auth", "open", "--allow-reset");
        http = new RawHttp(strict);
        openHttp = new RawHttp(open);
        resettableHttp = new RawHttp(resettable);
    }

    @AfterAll
    static void stopServers() {
        if (strict != null) {
            strict.close();
        }
        if (open != null) {
            open.close();
        }
        if (resettable != null) {
            resettable.close();
        }
    }

    // ---- unknown operations --------------------------------------------------------------------

    @Test
    void unknownQueryActionIsInvalidActionInTheStsNamespace() {
        HttpResponse<String> response =
                http.send(http.signedForm("sts", "Action=NoSuchAction&Version=2011-06-15", strict.adminCredentials()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("<ErrorResponse xmlns=\"" + RawHttp.STS_NAMESPACE + "\">");
        assertThat(RawHttp.xml(response.body(), "Code")).isEqualTo("InvalidAction");
        assertThat(RawHttp.xml(response.body(), "Message"))
                .isEqualTo("Could not find operation NoSuchAction for version 2011-06-15");
        assertThat(RawHttp.xml(response.body(), "Type")).isEqualTo("Sender");
    }

    @Test
    void missingActionIsMissingAction() {
        HttpResponse<String> response =
                http.send(http.signedForm("sts", "Version=2011-06-15", strict.adminCredentials()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(RawHttp.xml(response.body(), "Code")).isEqualTo("MissingAction");
    }

    @Test
    void unknownJsonTargetIsUnknownOperationException() {
        // Whether or not a JSON service owns the prefix, a signed call to an operation nobody serves is refused
        // in the JSON protocol.
        HttpResponse<String> response = http.send(http.signedJson(
                "cloudtrail", RawHttp.CLOUDTRAIL_TARGET + ".NoSuchOperation", "{}", strict.adminCredentials()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(RawHttp.JSON_1_1);
        assertThat(RawHttp.json(response.body(), "__type")).isEqualTo("UnknownOperationException");
    }

    // ---- parameters in the URL ------------------------------------------------------------------

    @Test
    void queryParametersInTheUrlOfASignedGetAreRead() {
        HttpResponse<String> response = http.send(http.signed(
                "GET", "/?" + GET_CALLER_IDENTITY, "sts", "", Map.of(), strict.adminCredentials(), Clock.systemUTC()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(RawHttp.xml(response.body(), "Arn")).isEqualTo("arn:aws:iam::123456789012:user/admin");
    }

    @Test
    void presignedGetCallerIdentityUrlIsAccepted() {
        HttpResponse<String> response = http.send(http.presignedGet(
                "/?" + GET_CALLER_IDENTITY,
                "sts",
                strict.adminCredentials(),
                Duration.ofMinutes(1),
                Clock.systemUTC()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(RawHttp.xml(response.body(), "Arn")).isEqualTo("arn:aws:iam::123456789012:user/admin");
    }

    @Test
    void presignedUrlWithAWrongSecretIsSignatureDoesNotMatch() {
        AwsBasicCredentials admin = strict.adminCredentials();
        AwsBasicCredentials wrong = AwsBasicCredentials.create(admin.accessKeyId(), "x" + admin.secretAccessKey());

        HttpResponse<String> response = http.send(
                http.presignedGet("/?" + GET_CALLER_IDENTITY, "sts", wrong, Duration.ofMinutes(1), Clock.systemUTC()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(RawHttp.xml(response.body(), "Code")).isEqualTo("SignatureDoesNotMatch");
    }

    // ---- malformed and oversized bodies --------------------------------------------------------

    @Test
    void malformedFormBodyIsRejectedAsMalformedQueryString() {
        HttpResponse<String> response =
                http.send(http.signedForm("sts", GET_CALLER_IDENTITY + "&Broken=%zz", strict.adminCredentials()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(RawHttp.xml(response.body(), "Code")).isEqualTo("MalformedQueryString");
    }

    @Test
    void formBodyWithInvalidUtf8IsRejectedAsMalformedQueryString() {
        HttpResponse<String> response =
                http.send(http.signedForm("sts", GET_CALLER_IDENTITY + "&Name=%C3%28", strict.adminCredentials()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(RawHttp.xml(response.body(), "Code")).isEqualTo("MalformedQueryString");
    }

    @Test
    void oversizedBodyWithContentLengthIsRequestEntityTooLarge() {
        byte[] body = oversizedForm();
        HttpRequest request = HttpRequest.newBuilder(strict.uri("/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", RawHttp.FORM)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();

        HttpResponse<String> response = sendTolerantly(request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(RawHttp.xml(response.body(), "Code")).isEqualTo("RequestEntityTooLarge");
        assertThat(strict.isAlive()).isTrue();
    }

    @Test
    void oversizedChunkedBodyIsRequestEntityTooLarge() {
        byte[] body = oversizedForm();
        HttpRequest request = HttpRequest.newBuilder(strict.uri("/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", RawHttp.FORM)
                // An input stream has no known length, so the client sends it chunked.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = sendTolerantly(request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(RawHttp.xml(response.body(), "Code")).isEqualTo("RequestEntityTooLarge");
    }

    @Test
    void oversizedJsonBodyIsRequestEntityTooLargeInJson() {
        byte[] body = new byte[MAX_REQUEST_BYTES + 1];
        Arrays.fill(body, (byte) ' ');
        HttpRequest request = HttpRequest.newBuilder(strict.uri("/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", RawHttp.JSON_1_1)
                .header("X-Amz-Target", RawHttp.CLOUDTRAIL_TARGET + ".DescribeTrails")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();

        HttpResponse<String> response = sendTolerantly(request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(RawHttp.json(response.body(), "__type")).isEqualTo("RequestEntityTooLarge");
    }

    @Test
    void bodyJustUnderTheLimitIsRead() {
        String padding = "&Padding=" + "x".repeat(MAX_REQUEST_BYTES - GET_CALLER_IDENTITY.length() - 9 - 16);

        HttpResponse<String> response =
                http.send(http.signedForm("sts", GET_CALLER_IDENTITY + padding, strict.adminCredentials()));

        assertThat(response.statusCode()).as(response.body()).isNotEqualTo(413).isLessThan(500);
    }

    // ---- every response ------------------------------------------------------------------------

    @Test
    void everyApiResponseCarriesARequestIdAndADate() {
        for (Map.Entry<String, HttpResponse<String>> e : variedResponses().entrySet()) {
            HttpResponse<String> response = e.getValue();
            String requestId = response.headers().firstValue("x-amzn-RequestId").orElse(null);
            assertThat(requestId).as("x-amzn-RequestId of %s", e.getKey()).isNotBlank();
            String bodyId = RawHttp.xml(response.body(), "RequestId");
            if (bodyId != null) {
                assertThat(bodyId).as("<RequestId> of %s", e.getKey()).isEqualTo(requestId);
            }
            // The SDKs correct their clock from the Date header after a skew error, so every answer needs one.
            assertThat(response.headers().firstValue("Date"))
                    .as("Date header of %s", e.getKey())
                    .hasValueSatisfying(
                            date -> assertThat(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)
                                            .toInstant())
                                    .isBetween(
                                            Instant.now().minusSeconds(60),
                                            Instant.now().plusSeconds(60)));
        }
    }

    @Test
    void requestIdsAreUnique() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(http.send(http.unsignedForm(GET_CALLER_IDENTITY))
                    .headers()
                    .firstValue("x-amzn-RequestId")
                    .orElse(""));
        }
        assertThat(ids).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isNotBlank());
    }

    @Test
    void noErrorIsAServerErrorOrShowsAStackTrace() {
        Map<String, HttpResponse<String>> responses = variedResponses();
        responses.putAll(strangeRequests());

        for (Map.Entry<String, HttpResponse<String>> e : responses.entrySet()) {
            HttpResponse<String> response = e.getValue();
            assertThat(response.statusCode())
                    .as("status of %s: %s", e.getKey(), response.body())
                    .isLessThan(500);
            assertThat(response.body())
                    .as("body of %s", e.getKey())
                    .doesNotContain("at dev.cairn")
                    .doesNotContain("Exception:")
                    .doesNotContain("\tat ");
        }
        assertThat(strict.output()).as("server log").doesNotContain("failed unexpectedly");
    }

    // ---- open authentication and reset ---------------------------------------------------------

    @Test
    void openModeAcceptsAnyKeyAsAUserNamedAfterIt() {
        AwsBasicCredentials anyone = AwsBasicCredentials.create("AKIAOPENMODEEXAMPLE", "any-secret-at-all");

        try (StsClient sts = Clients.sts(open, anyone)) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();

            assertThat(identity.arn()).isEqualTo("arn:aws:iam::123456789012:user/AKIAOPENMODEEXAMPLE");
            assertThat(identity.account()).isEqualTo("123456789012");
        }
    }

    @Test
    void openModeStillMapsAKnownKeyToItsIdentity() {
        AwsBasicCredentials admin = open.adminCredentials();
        AwsBasicCredentials wrongSecret = AwsBasicCredentials.create(admin.accessKeyId(), "not-the-secret");

        try (StsClient sts = Clients.sts(open, wrongSecret)) {
            assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::123456789012:user/admin");
        }
    }

    @Test
    void openModeStillRefusesUnsignedCalls() {
        HttpResponse<String> response = openHttp.send(openHttp.unsignedForm(GET_CALLER_IDENTITY));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(RawHttp.xml(response.body(), "Code")).isEqualTo("MissingAuthenticationToken");
    }

    @Test
    void resetRemovesCreatedUsersWhenAllowed() {
        try (IamClient iam = Clients.iam(resettable)) {
            iam.createUser(r -> r.userName("it-reset-me"));
            assertThat(userNames(iam)).contains("it-reset-me");

            HttpResponse<String> reset = resettableHttp.post("/moto-api/reset");

            assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
            assertThat(userNames(iam)).doesNotContain("it-reset-me");
            // The admin user and its key come back, so clients configured from the credentials file go on working.
            assertThat(iam.getUser(r -> r.userName("admin")).user().userName()).isEqualTo("admin");

            iam.createUser(r -> r.userName("it-reset-me-too"));
            assertThat(resettableHttp.post("/_cairn/reset").statusCode()).isEqualTo(200);
            assertThat(userNames(iam)).doesNotContain("it-reset-me-too");
        }
    }

    @Test
    void resetIsRefusedWithoutAllowReset() {
        for (CairnProcess server : List.of(strict, open)) {
            RawHttp raw = new RawHttp(server);
            try (IamClient iam = Clients.iam(server)) {
                iam.createUser(r -> r.userName("it-kept"));

                HttpResponse<String> moto = raw.post("/moto-api/reset");
                HttpResponse<String> cairn = raw.post("/_cairn/reset");

                assertThat(moto.statusCode()).as("%s: %s", server, moto.body()).isEqualTo(403);
                assertThat(cairn.statusCode())
                        .as("%s: %s", server, cairn.body())
                        .isEqualTo(403);
                assertThat(userNames(iam)).as("users of %s", server).contains("it-kept");
            }
        }
    }

    @Test
    void allowResetWithStrictAuthNeedsForce() {
        IllegalStateException e = catchThrowableOfType(
                IllegalStateException.class,
                () -> CairnProcess.start("ProtocolErrorsIT-unforced", "--allow-reset")
                        .close());

        assertThat(e).hasMessageContaining("exited with code").hasMessageContaining("--force");
    }

    // ---- health and metrics --------------------------------------------------------------------

    @Test
    void healthAnswers200() {
        HttpResponse<String> response = http.get("/_cairn/health");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void metricsCountCalls() {
        try (StsClient sts = Clients.sts(strict)) {
            sts.getCallerIdentity();
        }

        HttpResponse<String> response = http.get("/_cairn/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("cairn_calls_total");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static List<String> userNames(IamClient iam) {
        return iam.listUsers().users().stream().map(User::userName).toList();
    }

    /** Answers of several kinds from the strict server: success and errors, XML and JSON. */
    private static Map<String, HttpResponse<String>> variedResponses() {
        AwsBasicCredentials admin = strict.adminCredentials();
        Map<String, HttpResponse<String>> out = new LinkedHashMap<>();
        out.put("signed GetCallerIdentity", http.send(http.signedForm("sts", GET_CALLER_IDENTITY, admin)));
        out.put(
                "signed IAM ListUsers",
                http.send(http.signedForm("iam", "Action=ListUsers&Version=2010-05-08", admin)));
        out.put("unsigned query call", http.send(http.unsignedForm(GET_CALLER_IDENTITY)));
        out.put("unknown action", http.send(http.signedForm("sts", "Action=Nope&Version=2011-06-15", admin)));
        out.put("malformed form", http.send(http.signedForm("sts", GET_CALLER_IDENTITY + "&X=%", admin)));
        out.put(
                "IAM NoSuchEntity",
                http.send(http.signedForm("iam", "Action=GetUser&Version=2010-05-08&UserName=it-nobody", admin)));
        out.put(
                "unsigned JSON call",
                http.send(http.unsigned(
                        "{}",
                        Map.of(
                                "Content-Type",
                                RawHttp.JSON_1_1,
                                "X-Amz-Target",
                                RawHttp.CLOUDTRAIL_TARGET + ".DescribeTrails"))));
        out.put(
                "unknown JSON target",
                http.send(http.signedJson("cloudtrail", RawHttp.CLOUDTRAIL_TARGET + ".Nope", "{}", admin)));
        return out;
    }

    /** Answers to requests no SDK would send. */
    private static Map<String, HttpResponse<String>> strangeRequests() {
        AwsBasicCredentials admin = strict.adminCredentials();
        Map<String, HttpResponse<String>> out = new LinkedHashMap<>();
        out.put("GET /", http.get("/"));
        out.put("GET /some/path?x=1", http.get("/some/path?x=1"));
        out.put("GET /?Action=GetCallerIdentity (unsigned)", http.get("/?" + GET_CALLER_IDENTITY));
        out.put("POST / without content type", http.send(http.unsigned(GET_CALLER_IDENTITY, Map.of())));
        out.put(
                "garbage Authorization",
                http.send(http.unsigned(
                        GET_CALLER_IDENTITY,
                        Map.of("Content-Type", RawHttp.FORM, "Authorization", "AWS4-HMAC-SHA256 ,,,="))));
        out.put(
                "credential with too few parts",
                http.send(http.unsigned(
                        GET_CALLER_IDENTITY,
                        Map.of(
                                "Content-Type",
                                RawHttp.FORM,
                                "X-Amz-Date",
                                "20250101T000000Z",
                                "Authorization",
                                "AWS4-HMAC-SHA256 Credential=AKIA/20250101/us-east-1, SignedHeaders=host, "
                                        + "Signature=00"))));
        out.put(
                "bad X-Amz-Date",
                http.send(http.unsigned(
                        GET_CALLER_IDENTITY,
                        Map.of(
                                "Content-Type",
                                RawHttp.FORM,
                                "X-Amz-Date",
                                "yesterday",
                                "Authorization",
                                "AWS4-HMAC-SHA256 Credential=" + admin.accessKeyId()
                                        + "/20250101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, "
                                        + "Signature=00"))));
        out.put("form with only an ampersand", http.send(http.signedForm("sts", "&", admin)));
        out.put(
                "JSON body that is not JSON",
                http.send(http.signedJson("cloudtrail", RawHttp.CLOUDTRAIL_TARGET + ".DescribeTrails", "{[", admin)));
        out.put("X-Amz-Target without a dot", http.send(http.signedJson("cloudtrail", "DescribeTrails", "{}", admin)));
        out.put(
                "AssumeRole with no parameters",
                http.send(http.signedForm("sts", "Action=AssumeRole&Version=2011-06-15", admin)));
        out.put(
                "AssumeRole with a nonsense ARN",
                http.send(http.signedForm(
                        "sts",
                        "Action=AssumeRole&Version=2011-06-15&RoleSessionName=s1&RoleArn=nothing-valid-in-here",
                        admin)));
        out.put(
                "ListUsers with a bad marker",
                http.send(http.signedForm("iam", "Action=ListUsers&Version=2010-05-08&Marker=%25%25%25", admin)));
        out.put(
                "ListUsers with MaxItems not a number",
                http.send(http.signedForm("iam", "Action=ListUsers&Version=2010-05-08&MaxItems=many", admin)));
        out.put(
                "CreateRole with a list where a string belongs",
                http.send(http.signedForm(
                        "iam",
                        "Action=CreateRole&Version=2010-05-08&RoleName.member.1=x&AssumeRolePolicyDocument=%7B%7D",
                        admin)));
        out.put(
                "PUT /",
                http.send(HttpRequest.newBuilder(strict.uri("/"))
                        .PUT(HttpRequest.BodyPublishers.ofString("x"))
                        .build()));
        out.put(
                "DELETE /_cairn/health",
                http.send(HttpRequest.newBuilder(strict.uri("/_cairn/health"))
                        .DELETE()
                        .build()));
        return out;
    }

    /** A form body one byte over the limit. */
    private static byte[] oversizedForm() {
        byte[] body = new byte[MAX_REQUEST_BYTES + 1];
        Arrays.fill(body, (byte) 'x');
        byte[] head = (GET_CALLER_IDENTITY + "&Padding=").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, body, 0, head.length);
        return body;
    }

    /**
     * Sends a request whose body the server may refuse before reading it all. The server answers and closes
     * the connection; depending on timing the client sees the answer or a reset while still writing, so a
     * reset is retried, up to twice, on a fresh client.
     */
    private static HttpResponse<String> sendTolerantly(HttpRequest request) {
        IOException first = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new UncheckedIOException("the server never answered an oversized request with a response", first);
    }
}
