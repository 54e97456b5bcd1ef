package dev.cairn.protocol.sigv4;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.protocol.http.Headers;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rules of SigV4 one at a time, on the requests of AWS's published SigV4 test suite (example.amazonaws.com,
 * service "service", 2015-08-30T12:36:00Z) and small variations of them.
 */
class SigV4VerifierTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Instant SUITE_TIME = Instant.parse("2015-08-30T12:36:00Z");
    private static final String SCOPE = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
    private static final String GET_VANILLA_SIGNATURE =
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    private final FakeClock clock = new FakeClock(SUITE_TIME);
    private final SigV4Verifier verifier = new SigV4Verifier(clock);

    private static SignedRequest suiteRequest(String method, String rawPath, String rawQuery, String signature) {
        Headers h = new Headers()
                .add("Host", "example.amazonaws.com")
                .add("X-Amz-Date", "20150830T123600Z")
                .add(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=" + SCOPE + ", SignedHeaders=host;x-amz-date, Signature="
                                + signature);
        return new SignedRequest(method, rawPath, rawQuery, h, new byte[0]);
    }

    private static SignedRequest withAuthorization(String authorization) {
        Headers h = new Headers()
                .add("Host", "example.amazonaws.com")
                .add("X-Amz-Date", "20150830T123600Z")
                .add("Authorization", authorization);
        return new SignedRequest("GET", "/", null, h, new byte[0]);
    }

    private static SignedRequest presigned(String query) {
        return new SignedRequest("GET", "/", query, new Headers().add("Host", "example.amazonaws.com"), new byte[0]);
    }

    private void verify(SignedRequest req) throws SigV4Exception {
        verifier.verify(req, verifier.parse(req), SECRET);
    }

    private static void assertFails(ThrowingCallable call, SigV4Failure failure, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SigV4Exception.class, e -> {
            assertThat(e.failure()).isEqualTo(failure);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    // ---- AWS SigV4 test suite ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "get-vanilla                      | GET  | /             |                             |"
                        + " 5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
                "get-vanilla-query-order-key-case | GET  | /             | Param2=value2&Param1=value1 |"
                        + " b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
                "post-vanilla                     | POST | /             |                             |"
                        + " 5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
                "get-utf8                         | GET  | /\u1234       |                             |"
                        + " 8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85",
                "get-space-normalized             | GET  | /example space/ |                           |"
                        + " 652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741",
                "get-relative-normalized          | GET  | /example/..   |                             |"
                        + " 5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
                "get-unreserved                   | GET  | /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                        + " | | 07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f",
            })
    void acceptsAwsSigV4TestSuiteRequest(String name, String method, String path, String query, String signature) {
        assertThatCode(() -> verify(suiteRequest(method, path, query, signature)))
                .doesNotThrowAnyException();
    }

    // ---- parse: which form, and missing pieces ----------------------------------------------------------

    @Test
    void readsEveryPartOfTheAuthorizationHeader() throws SigV4Exception {
        SignedRequest req = suiteRequest("GET", "/", null, GET_VANILLA_SIGNATURE);
        req.headers().add("X-Amz-Security-Token", "token");

        SigV4Credential cred = verifier.parse(req);

        assertThat(cred)
                .isEqualTo(new SigV4Credential(
                        "AKIDEXAMPLE",
                        "20150830",
                        "us-east-1",
                        "service",
                        SUITE_TIME,
                        List.of("host", "x-amz-date"),
                        GET_VANILLA_SIGNATURE,
                        "token",
                        false,
                        null));
        assertThat(cred.scope()).isEqualTo("20150830/us-east-1/service/aws4_request");
    }

    @Test
    void treatsABlankAuthorizationHeaderAsMissing() {
        assertFails(
                () -> verifier.parse(withAuthorization("  ")),
                SigV4Failure.MISSING_AUTHENTICATION_TOKEN,
                "Request is missing Authentication Token");
    }

    @Test
    void rejectsAuthorizationHeaderWithoutCredentialSignatureAndDate() {
        SignedRequest req = new SignedRequest(
                "GET",
                "/",
                null,
                new Headers().add("Host", "h").add("Authorization", "AWS4-HMAC-SHA256 SignedHeaders=host"),
                new byte[0]);
        assertFails(
                () -> verifier.parse(req),
                SigV4Failure.INCOMPLETE_SIGNATURE,
                "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature'"
                        + " parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date'"
                        + " header. Authorization=AWS4-HMAC-SHA256");
    }

    @Test
    void rejectsAuthorizationHeaderWithoutSignedHeaders() {
        assertFails(
                () -> verifier.parse(withAuthorization("AWS4-HMAC-SHA256 Credential=" + SCOPE + ", Signature=abc")),
                SigV4Failure.INCOMPLETE_SIGNATURE,
                "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256");
    }

    @Test
    void rejectsUnsupportedAlgorithm() {
        assertFails(
                () -> verifier.parse(withAuthorization("AWS4-HMAC-SHA512 Credential=" + SCOPE)),
                SigV4Failure.INCOMPLETE_SIGNATURE,
                "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'; the Authorization header must start with"
                        + " 'AWS4-HMAC-SHA256'.");
    }

    @Test
    void namesALongForeignAuthorizationSchemeOnlyByItsHash() throws Exception {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZWNyZXQifQ.c2lnbmF0dXJl";
        String hash = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(jwt.getBytes(UTF_8)));
        assertFails(
                () -> verifier.parse(withAuthorization(jwt)),
                SigV4Failure.INCOMPLETE_SIGNATURE,
                "Unsupported AWS 'algorithm': (hashed with SHA-256 and encoded with Base64) '" + hash
                        + "'; the Authorization header must start with 'AWS4-HMAC-SHA256'.");
    }

    @Test
    void rejectsParameterWithoutEqualsSignNamingTheHeaderOnlyByItsHash() throws Exception {
        String header = "AWS4-HMAC-SHA256 Credential=" + SCOPE + ", SignedHeaders, Signature=abc";
        String hash = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(header.getBytes(UTF_8)));
        assertFails(
                () -> verifier.parse(withAuthorization(header)),
                SigV4Failure.INCOMPLETE_SIGNATURE,
                "Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and"
                        + " encoded with Base64): '" + hash + "'.");
    }

    @Test
    void takesTheLastOfARepeatedAuthorizationParameter() throws SigV4Exception {
        SigV4Credential cred = verifier.parse(withAuthorization("AWS4-HMAC-SHA256 Credential=" + SCOPE
                + ",SignedHeaders=host,Signature=first,Signature=" + GET_VANILLA_SIGNATURE));
        assertThat(cred.signature()).isEqualTo(GET_VANILLA_SIGNATURE);
        assertThat(cred.signedHeaders()).containsExactly("host");
    }

    @Test
    void rejectsCredentialWithoutFiveParts() {
        assertFails(
                () -> verifier.parse(withAuthorization("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1,"
                        + " SignedHeaders=host;x-amz-date, Signature=abc")),
                SigV4Failure.INCOMPLETE_SIGNATURE,
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got"
                        + " 'AKIDEXAMPLE/20150830/us-east-1'");
    }

    @ParameterizedTest
    @CsvSource({
        "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request/extra",
        "AKIDEXAMPLE/20150830/us-east-1/service/",
        "AKIDEXAMPLE",
        "''",
    })
    void rejectsCredentialWithAnyOtherNumberOfParts(String credential) {
        assertThatThrownBy(() -> verifier.parse(withAuthorization("AWS4-HMAC-SHA256 Credential=" + credential
                        + ", SignedHeaders=host;x-amz-date, Signature=abc")))
                .isInstanceOfSatisfying(SigV4Exception.class, e -> {
                    assertThat(e.failure()).isEqualTo(SigV4Failure.INCOMPLETE_SIGNATURE);
                    assertThat(e.getMessage()).endsWith(" got '" + credential + "'");
                });
    }

    @Test
    void ignoresTrailingSlashesAfterTheCredentialTerminator() throws SigV4Exception {
        SigV4Credential cred = verifier.parse(withAuthorization("AWS4-HMAC-SHA256 Credential=" + SCOPE
                + "//, SignedHeaders=host;x-amz-date, Signature=" + GET_VANILLA_SIGNATURE));
        assertThat(cred.scope()).isEqualTo("20150830/us-east-1/service/aws4_request");
        assertThatCode(() -> verifier.verify(withAuthorization("x"), cred, SECRET))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsCredentialScopeWithWrongTerminatorAsSignatureMismatch() {
        assertFails(
                () -> verifier.parse(withAuthorization("AWS4-HMAC-SHA256"
                        + " Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws5_request,"
                        + " SignedHeaders=host;x-amz-date, Signature=abc")),
                SigV4Failure.SIGNATURE_DOES_NOT_MATCH,
                "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.");
    }

    @Test
    void rejectsCredentialScopeDatedOtherThanTheRequest() {
        assertFails(
                () -> verifier.parse(withAuthorization("AWS4-HMAC-SHA256"
                        + " Credential=AKIDEXAMPLE/20150831/us-east-1/service/aws5_request,"
                        + " SignedHeaders=host;x-amz-date, Signature=abc")),
                SigV4Failure.SIGNATURE_DOES_NOT_MATCH,
                "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. Date in"
                        + " Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP:"
                        + " '20150831' != '20150830', from '20150830T123600Z'.");
    }

    @ParameterizedTest
    @CsvSource({"2015-08-30T12:36:00Z", "20150830T123600", "20150830T246000Z", "20150230T123600Z", "yesterday"})
    void rejectsXAmzDateNotInIsoBasicFormat(String date) {
        SignedRequest req = suiteRequest("GET", "/", null, GET_VANILLA_SIGNATURE);
        SignedRequest bad = new SignedRequest(
                "GET",
                "/",
                null,
                new Headers()
                        .add("Host", "example.amazonaws.com")
                        .add("X-Amz-Date", date)
                        .add("Authorization", req.headers().first("authorization")),
                new byte[0]);
        assertFails(
                () -> verifier.parse(bad),
                SigV4Failure.INCOMPLETE_SIGNATURE,
                "Date must be in ISO-8601 'basic format'. Got '" + date
                        + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    @Test
    void rejectsSignedHeadersWithoutHostAsSignatureMismatch() {
        assertFails(
                () -> verifier.parse(withAuthorization(
                        "AWS4-HMAC-SHA256 Credential=" + SCOPE + ", SignedHeaders=x-amz-date, Signature=abc")),
                SigV4Failure.SIGNATURE_DOES_NOT_MATCH,
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Test
    void rejectsRequestCarryingBothHeaderAndQueryAuthentication() {
        SignedRequest both =
                suiteRequest("GET", "/", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc", GET_VANILLA_SIGNATURE);
        assertThatThrownBy(() -> verifier.parse(both))
                .isInstanceOfSatisfying(
                        SigV4Exception.class,
                        e -> assertThat(e.failure()).isEqualTo(SigV4Failure.INCOMPLETE_SIGNATURE));
    }

    // ---- parse: presigned form --------------------------------------------------------------------------

    @Test
    void rejectsPresignedUrlMissingEveryParameterButTheAlgorithm() {
        assertFails(
                () -> verifier.parse(presigned("X-Amz-Algorithm=AWS4-HMAC-SHA256")),
                SigV4Failure.INCOMPLETE_SIGNATURE,
                "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must"
                        + " include 'X-Amz-Signature'. AWS query-string parameters must include"
                        + " 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'."
                        + " Re-examine the query-string parameters.");
    }

    @Test
    void treatsUnknownQueryAlgorithmAsMissingAuthentication() {
        assertThatThrownBy(() -> verifier.parse(presigned("X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256")))
                .isInstanceOfSatisfying(
                        SigV4Exception.class,
                        e -> assertThat(e.failure()).isEqualTo(SigV4Failure.MISSING_AUTHENTICATION_TOKEN));
    }

    private static String presignedQuery(String expires) {
        return "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice"
                + "%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=abc"
                + (expires == null ? "" : "&X-Amz-Expires=" + expires);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "soon  | X-Amz-Expires should be a number of seconds, got 'soon'.",
                "1e3   | X-Amz-Expires should be a number of seconds, got '1e3'.",
                "-5    | X-Amz-Expires must be non-negative, got '-5'.",
                "604801 | X-Amz-Expires must be less than a week (in seconds) that is 604800, got 604801.",
                "99999999999999999999 | X-Amz-Expires should be a number of seconds, got '99999999999999999999'.",
            })
    void rejectsUnusableXAmzExpires(String expires, String message) {
        assertFails(
                () -> verifier.parse(presigned(presignedQuery(expires))), SigV4Failure.INCOMPLETE_SIGNATURE, message);
    }

    @Test
    void readsPresignedParametersDecoded() throws SigV4Exception {
        SigV4Credential cred =
                verifier.parse(presigned(presignedQuery("604800") + "&X-Amz-Security-Token=a%2Bb%2Fc%3D"));
        assertThat(cred.presigned()).isTrue();
        assertThat(cred.expires()).isEqualTo(Duration.ofDays(7));
        assertThat(cred.sessionToken()).isEqualTo("a+b/c=");
        assertThat(cred.scope()).isEqualTo("20150830/us-east-1/service/aws4_request");
    }

    @Test
    void acceptsPresignedUrlWithoutXAmzExpiresWithinTheSkew() throws SigV4Exception {
        SigV4Credential cred = verifier.parse(presigned(presignedQuery(null)));
        assertThat(cred.expires()).isNull();
        clock.advance(Duration.ofMinutes(16));
        assertThatThrownBy(() -> verifier.verify(presigned(presignedQuery(null)), cred, SECRET))
                .isInstanceOfSatisfying(
                        SigV4Exception.class, e -> assertThat(e.failure()).isEqualTo(SigV4Failure.SIGNATURE_EXPIRED));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "a=%zz | Illegal hex character in escape % pattern: '%zz' in the query string; '%' must be followed by"
                        + " two hex digits.",
                "a=%4  | Incomplete trailing escape % sequence: '%4' in the query string; '%' must be followed by two"
                        + " hex digits.",
                "%    | Incomplete trailing escape % sequence: '%' in the query string; '%' must be followed by two hex"
                        + " digits.",
            })
    void rejectsBrokenPercentEscapeInQuery(String query, String message) {
        assertFails(
                () -> verify(suiteRequest("GET", "/", query, GET_VANILLA_SIGNATURE)),
                SigV4Failure.MALFORMED_QUERY_STRING,
                message);
    }

    // ---- verify -----------------------------------------------------------------------------------------

    @Test
    void rejectsUpperCaseSignatureAsAwsComparesTheHexText() {
        assertThatThrownBy(() -> verify(suiteRequest("GET", "/", null, GET_VANILLA_SIGNATURE.toUpperCase())))
                .isInstanceOfSatisfying(
                        SigV4Exception.class,
                        e -> assertThat(e.failure()).isEqualTo(SigV4Failure.SIGNATURE_DOES_NOT_MATCH));
    }

    @Test
    void rejectsTruncatedSignature() {
        assertThatThrownBy(() -> verify(suiteRequest("GET", "/", null, GET_VANILLA_SIGNATURE.substring(2))))
                .isInstanceOfSatisfying(
                        SigV4Exception.class,
                        e -> assertThat(e.failure()).isEqualTo(SigV4Failure.SIGNATURE_DOES_NOT_MATCH));
    }

    @Test
    void statesTheSkewInSecondsWhenItIsNotWholeMinutes() {
        SigV4Verifier strict = new SigV4Verifier(clock.set(SUITE_TIME.plusSeconds(91)), Duration.ofSeconds(90));
        SignedRequest req = suiteRequest("GET", "/", null, GET_VANILLA_SIGNATURE);
        assertFails(
                () -> strict.verify(req, strict.parse(req), SECRET),
                SigV4Failure.SIGNATURE_EXPIRED,
                "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T123731Z - 90"
                        + " sec.)");
    }

    @Test
    void rejectsContentSha256ThatIsNeitherAHashNorAKnownLiteral() throws SigV4Exception {
        SignedRequest req = suiteRequest("GET", "/", null, GET_VANILLA_SIGNATURE);
        req.headers().add("X-Amz-Content-SHA256", "whatever");
        SigV4Credential cred = verifier.parse(req);
        assertFails(
                () -> verifier.verify(req, cred, SECRET),
                SigV4Failure.CONTENT_SHA256_MISMATCH,
                "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a STREAMING-... value, or a valid sha256 value, got"
                        + " 'whatever'.");
    }

    @Test
    void takesStreamingContentSha256LiterallyAsThePayloadHash() throws SigV4Exception {
        SignedRequest req = suiteRequest("PUT", "/", null, GET_VANILLA_SIGNATURE);
        req.headers().add("X-Amz-Content-SHA256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
        SigV4Credential cred = verifier.parse(req);
        assertThat(verifier.canonicalRequest(req, cred)).endsWith("\nSTREAMING-AWS4-HMAC-SHA256-PAYLOAD");
    }

    @Test
    void signsPresignedS3RequestsWithUnsignedPayloadAndOthersWithTheBodyHash() throws SigV4Exception {
        String s3 = presignedQuery("60").replace("%2Fservice%2F", "%2Fs3%2F");
        SignedRequest s3Request = presigned(s3);
        assertThat(verifier.canonicalRequest(s3Request, verifier.parse(s3Request)))
                .endsWith("\nUNSIGNED-PAYLOAD");
        SignedRequest sts = presigned(presignedQuery("60"));
        assertThat(verifier.canonicalRequest(sts, verifier.parse(sts)))
                .endsWith("\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void doesNotLetTheSameSecretVerifyAnotherScope() throws SigV4Exception {
        SignedRequest req = suiteRequest("GET", "/", null, GET_VANILLA_SIGNATURE);
        verify(req);
        SignedRequest otherRegion =
                withAuthorization(req.headers().first("authorization").replace("us-east-1", "eu-west-1"));
        assertThatThrownBy(() -> verify(otherRegion))
                .isInstanceOfSatisfying(
                        SigV4Exception.class,
                        e -> assertThat(e.failure()).isEqualTo(SigV4Failure.SIGNATURE_DOES_NOT_MATCH));
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        SignedRequest good = suiteRequest("GET", "/", null, GET_VANILLA_SIGNATURE);
        SignedRequest bad = suiteRequest("GET", "/x", null, GET_VANILLA_SIGNATURE);
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger wrong = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 2_000; i++) {
                    try {
                        verify(good);
                    } catch (SigV4Exception e) {
                        wrong.incrementAndGet();
                    }
                    try {
                        verify(bad);
                        wrong.incrementAndGet();
                    } catch (SigV4Exception e) {
                        // expected
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(wrong).hasValue(0);
    }

    // ---- value types ------------------------------------------------------------------------------------

    @Test
    void keepsSessionTokenOutOfToString() throws SigV4Exception {
        SignedRequest req = suiteRequest("GET", "/", "X-Amz-Security-Token=hunter2", GET_VANILLA_SIGNATURE);
        req.headers().add("X-Amz-Security-Token", "hunter2");
        assertThat(verifier.parse(req).toString()).doesNotContain("hunter2").contains("sessionToken=present");
        assertThat(req.toString()).doesNotContain("hunter2");
    }

    @Test
    void recordsNoStackTraceForAFailure() {
        SigV4Exception e = new SigV4Exception(SigV4Failure.SIGNATURE_DOES_NOT_MATCH, "m");
        assertThat(e.getStackTrace()).isEmpty();
        assertThat(e).hasToString("SigV4Exception[SIGNATURE_DOES_NOT_MATCH]: m");
    }

    @Test
    void refusesNegativeSkew() {
        assertThatThrownBy(() -> new SigV4Verifier(clock, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxSkew must not be negative, was PT-1S");
    }
}
